package signal

// English cues. English also turns up inside other languages' messages
// ("login", "refund", "GDPR"); every list is checked for every message.
var cuesEN = cues{
	famOutage: {
		"outage", "downtime", "site|website|server|servers|service|app|system|platform|api|dashboard|everything down=",
		"is=|are=|went|been|still|it's|its down=", "down= for= everyone|everybody|hours|days",
		"not|isn't|isnt|doesn't|doesnt|don't|dont|won't|wont|stopped|stop work|working|works",
		"not|isn't|doesn't|won't|wont|can't|cant load|loading|loads|open|opening|respond|responding",
		"crash|crashes|crashed|crashing", "broken", "error|errors 500|502|503|504", "500|502|503|504 error",
		"unavailable", "unreachable", "nothing works|loads|happens",
	},
	famLogin: {
		"can't|cant|cannot|unable|couldn't|couldnt log|login|logon|sign|signin|access",
		"can't|cant|cannot|unable|couldn't|couldnt get in=|into", "can not log|login|sign|access",
		"locked out=", "lockout", "login|signin fail|failed|fails|broken|error|not",
		"password not|doesn't|doesnt|isn't|won't|wrong|incorrect", "forgot|forgotten password",
		"account locked|blocked|suspended|disabled|frozen", "logs|logging|kicks|kicked me out=",
		"2fa|otp|verification|code not|never|didn't|doesnt|doesn't|won't arriv|come|receiv|work",
	},
	famPayment: {
		"payment|payments|transaction|charge=|purchase|checkout fail|failed|fails|failing|declined|rejected|error|errors|didn't|unsuccessful",
		"payment|transaction did= not= go|work", "payment|transaction not= going=|accepted=",
		"card declin|rejected|refused", "charged|billed|paid twice|double|two=", "double charg|billed|payment",
		"overcharg", "can't|cant|cannot|unable pay", "billing error|issue|problem|mistake",
		"money taken|deducted|gone",
	},
	famDataLoss: {
		"data|files|file|messages|history|projects|project|contacts|documents|photos|everything|work gone|lost|deleted|disappeared|missing|wiped|erased|vanished",
		"lost|deleted|wiped|erased all=|data|files|everything|work|messages|projects|history|contacts|photos|documents",
		"data loss",
	},
	famSecurity: {
		"hacked", "hacker|hackers", "hack=", "breach", "compromised", "unauthori", "phishing",
		"stolen", "stole", "leaked", "data|password|passwords|credentials leak|leaks",
		"suspicious login|activity|charge|charges|email|transaction", "fraud",
		"someone|somebody logged|accessed|changed|used", "vulnerab", "account takeover",
		"security issue|incident|problem",
	},
	famLegal: {
		"lawyer", "attorney", "lawsuit", "sue=", "suing", "legal action|team|department|notice",
		"court=", "courts=", "gdpr", "ccpa", "dpa=", "data protection", "regulator", "ombudsman",
		"small claims", "consumer protection", "chargeback",
	},
	famChurn: {
		"cancel|cancelling|canceling|cancellation subscription|account|plan|contract|membership|order",
		"refund", "money back", "switch|switching|move|moving to= another=|other= provider|vendor|company|competitor",
		"competitor", "close|delete my= account", "terminate contract", "unsubscribe",
	},
	famAnger: {
		"ridiculous", "unacceptable", "terrible", "horrible", "awful", "disgusting",
		"worst= service|support|experience|company|app|ever|customer",
		"pathetic", "useless", "angry", "furious", "stupid|dumb app|site|system|bot|thing|website|service|company|support", "fed up=", "sick of=", "joke=", "scam",
		"outrageous", "disgrace", "incompetent", "shame on=", "rip off=", "ripoff", "waste of=",
		"hate= this|you|your|it",
	},
	famProfanity: {
		"fuck", "fck", "fuk", "shit", "bullshit", "crap=", "crappy", "wtf", "stfu", "bitch",
		"bastard", "asshole", "dick=", "idiots", "morons", "you= idiot|moron|clowns", "suck=",
		"sucks", "retard",
	},
	famHuman: {
		"talk|speak|chat|talking|speaking|chatting to=|with= human=|person=|agent=|operator=|representative=|rep=|someone=|somebody=|staff=|employee=|manager=|people=|support=|humans=|agents=",
		"connect|transfer|put|switch|pass|forward me= to=|with=|through=", "escalat",
		"want|need|get|give|request human=|agent=|operator=|representative=|humans=",
		"real|actual|live|human person=|human=|agent=|operator=|being=|people=|representative=|someone=",
		"human|person|agent|operator|representative please|pls|plz",
		"no=|don't|dont|stop bot=|bots=|robot=|robots=", "is= anyone|anybody there=", "call me=",
		// someone's presence asked after, and calling the team: both mean
		// "let me reach a person" ("anybody around?", "can I phone you")
		"anyone|anybody online|available|around|awake|here=|there=", "someone|somebody online|available|around",
		"are you= online|there=", "call=|phone=|ring= you=|u=", "call=|phone=|ring= your= team|support|office",
	},
	famHumanShort: {"human", "person", "agent", "operator", "representative", "someone", "support"},
	famVeto: {
		"add|adding|invite|remove|delete|assign|mention|tag|create|manage|new|another person=|people=|user|users|member|members|agent|agents|operator|operators|human=|someone=|employee",
		"team member|members", "user agent=", "agent|operator seat|seats|license|licenses|role|roles",
	},
	famUnhelped: {
		"not|didn't|didnt|doesn't|doesnt|didn't|wasn't|wasnt|isn't|isnt help=|helpful|helped|useful",
		"unhelpful", "no help=", "wrong|useless|unhelpful answer|article|reply",
		"not|isn't|isnt what= i= asked|meant|wanted", "doesn't|doesnt|didn't|didnt answer= my= question",
	},
	famAck: {"thanks|thank|thx|ty=|ok=|okay|great|cool|perfect|got|hi=|hello|hey|bye|good|fine|yes|no=|sure|nice|cheers"},
}
