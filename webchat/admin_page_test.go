package webchat_test

import (
	"context"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"github.com/parley-chat/parley"
)

// admin creates an admin who signs in with consolePassword.
func (s *consoleServer) admin(email, name string) parley.Agent {
	s.t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(consolePassword), bcrypt.MinCost)
	if err != nil {
		s.t.Fatal(err)
	}
	a, err := s.Store.CreateAgent(context.Background(), parley.Agent{Email: email, Name: name, Role: parley.RoleAdmin, Capacity: 5}, hash)
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

// openAdmin loads /admin and signs in as email; it returns once the page
// shows either the admin pages or the admins-only notice.
func openAdmin(t *testing.T, srv *consoleServer, email string) *consolePage {
	t.Helper()
	c := &consolePage{page: newPage(t), srv: srv}
	if err := chromedp.Listen(c.ctx, func(ev any) {
		if _, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			c.dialogs.Add(1)
			go chromedp.Call(c.ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}); err != nil {
		t.Fatal(err)
	}
	c.do(chromedp.Navigate(srv.URL + "/admin"))
	c.waitJS("the sign-in form", `!document.querySelector('#login').hidden`)
	c.click("#email")
	c.typeText(email)
	c.click("#password")
	c.typeText(consolePassword)
	c.click("#login-form button[type=submit]")
	c.waitJS("signed in", `!document.querySelector('#app').hidden || !document.querySelector('#denied').hidden`)
	return c
}
