// Package signal reads urgency, frustration, repetition and requests for a
// person from one visitor message plus light context. Pure Go, no I/O, a
// few microseconds and no allocations per message beyond the reasons.
//
// Matching. Text and cues are normalised alike, by package textfold's
// Default policy (internal/textfold): Unicode lower case; Latin diacritics
// folded (visitors skip them); ё→е and the Kazakh letters folded to their
// Russian look-alikes (Kazakh is often typed on a Russian keyboard);
// ي→ی, ك→ک, آ/أ/إ→ا, diacritics, tatweel, ZWNJ and apostrophes dropped
// ("can't" = "cant"), and a detached Persian می/نمی glued to its verb;
// Armenian in-word marks dropped. The Serbian list is matched against the
// message under the Serbian policy, Cyrillic read as Latin, so one list
// serves both scripts. Cues are stems (a prefix of the token, so
// "заблокир" matches заблокирован and заблокировали) or whole words, and
// multi-word cues allow a few words in between (see match.go). The cue
// lists of all supported languages (en, ru, pl, sr, hy, fa, kk) are checked
// for every message whatever its detected language, because visitors mix
// languages and short messages are easily misdetected; Input.Lang and the
// lang argument of HumanRequest are accepted for the record, not needed.
//
// Reasons:
//   - keyword:outage, keyword:cannot_login, keyword:payment_failed,
//     keyword:legal, keyword:churn (cancel, refund, competitor) → high;
//     keyword:data_loss, keyword:security → critical.
//   - tone:anger and tone:profanity (2 points each), tone:shouting (mostly
//     upper case over at least 8 cased letters and two upper-case words),
//     tone:punctuation ("!!!", "???"), repeated_message (1 point each).
//     Frustrated means 2 points or more: anger or profanity alone, or two
//     milder signs together (shouting and "!!!"), never one of them alone.
//   - repeated_message: the Jaccard similarity of normalised character
//     trigrams with one of the last five visitor messages is ≥ 0.7 (texts
//     of at least 10 characters; "yes" twice is not a repeat).
//   - contact:enterprise: see Policy (plan, contract_value, sla_tier,
//     segment).
//
// Urgency. Start at normal (low for a bare thanks/ok/greeting of at most
// four words, or no words at all); take the highest level of the keywords;
// then one level up if the visitor is frustrated and one more if the
// contact is enterprise, capped at critical. So critical means: security or
// data loss; or a high keyword from a frustrated or enterprise visitor; or
// a frustrated enterprise visitor. High means: a high keyword; or
// frustration or an enterprise contact on an ordinary question.
//
// HumanRequest is true for a request phrase ("talk to a human", "позовите
// человека", "operatera", "اپراتور"), a question whether anyone is there or
// a wish to call ("anybody online?", "есть кто живой?", "chcę zadzwonić do
// obsługi"), or a bare person word in a message of
// at most two words ("operator", "человек"), unless the same words are
// about managing people ("add an agent", "добавить оператора").
package signal
