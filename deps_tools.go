//go:build tools

// This file pins modules that packages under construction will import, so that
// go.mod stays stable while they are written in parallel. Delete an import once
// a real package uses it.
package parley

import (
	_ "github.com/chromedp/chromedp"
	_ "github.com/go-redis/redis_rate/v10"
	_ "github.com/golang-jwt/jwt/v5"
	_ "github.com/gorilla/websocket"
	_ "github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/pressly/goose/v3"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/sashabaranov/go-openai"
	_ "golang.org/x/crypto/bcrypt"
	_ "gopkg.in/yaml.v3"
	_ "modernc.org/sqlite"
)
