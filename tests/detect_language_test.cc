// Language detection (detect_language.cc) and what it changes: the packs of
// the document's language and the language-neutral rules run, every pack
// when detection is unsure or the language has no pack, --lang / Options::lang
// force it, the audit and Result name it, and rule examples run in their
// rule's language.
#include <gtest/gtest.h>

#include "normalize/decide/detect_language.h"
#include "normalize/read/read.h"
#include "test_util.h"

namespace normalize {
namespace {

using internal::detect_language;

// Two sentences of news per language.
const char* const kTexts[][2] = {
    {"en", "The city council voted on Tuesday to raise parking fees for the first time in a decade. "
           "Residents complained that the new bridge was still closed three months after it was finished."},
    {"de", "Der Stadtrat hat am Dienstag beschlossen, die Parkgebühren zum ersten Mal seit zehn Jahren zu erhöhen. "
           "Anwohner beklagen, dass die neue Brücke drei Monate nach ihrer Fertigstellung noch immer gesperrt ist."},
    {"es", "El ayuntamiento aprobó el martes subir las tarifas de aparcamiento por primera vez en una década. "
           "Los vecinos se quejan de que el nuevo puente sigue cerrado tres meses después de terminarse."},
    {"fr", "Le conseil municipal a voté mardi une hausse des tarifs de stationnement, la première depuis dix ans. "
           "Les habitants se plaignent que le nouveau pont soit toujours fermé trois mois après la fin des travaux."},
    {"pl", "Rada miasta zdecydowała we wtorek o podwyżce opłat za parkowanie po raz pierwszy od dziesięciu lat. "
           "Mieszkańcy skarżą się, że nowy most wciąż jest zamknięty trzy miesiące po zakończeniu budowy."},
    {"pt", "A câmara municipal aprovou na terça-feira o aumento das tarifas de estacionamento pela primeira vez "
           "em dez anos. Os moradores queixam-se de que a nova ponte continua fechada três meses depois de concluída."},
};

TEST(DetectLanguage, ClearCasesPerLanguage) {
  for (const auto& [lang, text] : kTexts) {
    internal::LanguageGuess g = detect_language(std::string_view(text));
    EXPECT_EQ(g.lang, lang) << text << " (percent " << g.percent << ", letters " << g.letters << ")";
    EXPECT_TRUE(g.reliable) << text;
  }
}

TEST(DetectLanguage, EnglishByFunctionWordsOnlyWhenPlain) {
  // Four sentences per language: only the English ones pass, and CLD2 agrees.
  for (const auto& [lang, text] : kTexts) {
    std::string four = std::string(text) + " " + text;
    EXPECT_EQ(internal::english_by_function_words(four), std::string_view(lang) == "en") << lang;
    if (internal::english_by_function_words(four)) EXPECT_EQ(internal::detect_language_cld2(four).lang, "en");
  }
  EXPECT_FALSE(internal::english_by_function_words("The council and the mayor."));  // under 30 words
  // English quoted in a German text: the German words keep it from the pass.
  std::string mixed = std::string(kTexts[0][1]) + " " + kTexts[0][1] + " " + kTexts[1][1] + " " + kTexts[1][1];
  EXPECT_FALSE(internal::english_by_function_words(mixed));
}

TEST(DetectLanguage, TooLittleTextSaysNothing) {
  EXPECT_EQ(detect_language(std::string_view("")).lang, "");
  for (const char* s : {"Read more", "Lesen Sie auch", "Leia também", "Foto: dpa", "12:30", "* * *",
                        "https://example.org/a/b?c=d"}) {
    EXPECT_EQ(detect_language(std::string_view(s)).lang, "") << s;
  }
}

TEST(DetectLanguage, InvalidUtf8IsSafe) {
  std::string s = std::string(kTexts[1][1]) + "\xff\xfe\xc3";
  EXPECT_EQ(detect_language(std::string_view(s)).lang, "de");
}

TEST(DetectLanguage, DocumentLooksAtSentencesNotLabels) {
  // English menu labels above a German article: the article decides.
  std::string in = "Home\n\nSign in\n\nShare on Facebook\n\nRead more\n\n" + std::string(kTexts[1][1]) + "\n";
  internal::CanonStats stats;
  internal::Document doc = internal::read_text(in, false, &stats);
  EXPECT_EQ(detect_language(doc).lang, "de");
}

TEST(DetectLanguage, PrefixIsBounded) {
  // Past the prefix, a long German tail cannot outvote the English start.
  std::string in;
  while (in.size() < internal::kPrefixBytes + 100) in += std::string(kTexts[0][1]) + "\n\n";
  for (int i = 0; i < 200; ++i) in += std::string(kTexts[1][1]) + "\n\n";
  internal::CanonStats stats;
  internal::Document doc = internal::read_text(in, false, &stats);
  EXPECT_EQ(detect_language(doc).lang, "en");
}

// A German rule, an English rule and a language-neutral one, all matching a
// line that can sit in any article.
const char* const kPacks = R"(
- id: de.t.newsletter
  category: subscription
  lang: de
  pattern: '^Newsletter$'
  examples: {remove: ['Newsletter'], keep: ['Der Newsletter kommt am Montag.']}
- id: en.t.subscribe
  category: subscription
  lang: en
  pattern: '^Subscribe$'
  examples: {remove: ['Subscribe'], keep: ['Subscribe to the idea that councils can change.']}
- id: t.any.stars
  category: separator
  lang: any
  pattern: '^\* \* \*$'
  examples: {remove: ['* * *'], keep: ['A * B']}
)";

Engine engine(const std::string& lang = "auto") {
  Options o;
  o.default_rules = false;
  o.rule_packs.push_back({"packs.yaml", kPacks});
  o.lang = lang;
  auto e = Engine::create(o);
  EXPECT_TRUE(e.ok()) << e.status().message();
  return std::move(e).value();
}

std::string article(const char* body) {
  return std::string(body) + "\n\nNewsletter\n\nSubscribe\n\n* * *\n\n" + body + "\n";
}

std::vector<std::string> rules_of(const Result& r) {
  std::vector<std::string> ids;
  for (const Removal& x : r.removals) ids.push_back(x.rule);
  return ids;
}

using Ids = std::vector<std::string>;

TEST(LanguagePacks, GermanRuleRunsOnGermanNotOnEnglish) {
  Engine e = engine();
  Result en = e.clean(article(kTexts[0][1]));
  EXPECT_EQ(en.lang, "en");
  EXPECT_EQ(rules_of(en), (Ids{"en.t.subscribe", "t.any.stars"}));
  EXPECT_NE(en.text.find("Newsletter"), std::string::npos);
  // English UI strings sit on pages of every language: the English pack
  // runs on German documents too.
  Result de = e.clean(article(kTexts[1][1]));
  EXPECT_EQ(de.lang, "de");
  EXPECT_EQ(rules_of(de), (Ids{"de.t.newsletter", "en.t.subscribe", "t.any.stars"}));
}

TEST(LanguagePacks, OtherPacksStayOffEnglish) {
  const std::string packs = std::string(kPacks) + R"(
- id: fr.t.abonnez
  category: subscription
  lang: fr
  pattern: '^Subscribe$'
  examples: {remove: ['Subscribe'], keep: ['Subscribed']}
)";
  Options o;
  o.default_rules = false;
  o.rule_packs.push_back({"packs.yaml", packs});
  auto e = Engine::create(o);
  ASSERT_TRUE(e.ok());
  Result fr = e->clean(article(kTexts[3][1]));
  EXPECT_EQ(fr.lang, "fr");
  // French: its own pack and English; the German rule stays off. The first
  // rule in load order to match names the removal.
  EXPECT_EQ(rules_of(fr), (Ids{"en.t.subscribe", "t.any.stars"}));
  EXPECT_NE(fr.text.find("Newsletter"), std::string::npos);
  Result es = e->clean(article(kTexts[2][1]));  // Spanish has no pack: every pack
  EXPECT_EQ(es.lang, "es");
  EXPECT_EQ(rules_of(es), (Ids{"de.t.newsletter", "en.t.subscribe", "t.any.stars"}));
}

TEST(LanguagePacks, UnsureOrPacklessLanguageRunsEveryPack) {
  Engine e = engine();
  // Too short to tell: every pack, as before languages were detected.
  Result r = e.clean("Newsletter\n\nSubscribe\n\n* * *\n");
  EXPECT_EQ(r.lang, "und");
  EXPECT_EQ(r.removals.size(), 3u);
  // French has no pack here: every pack.
  Result fr = e.clean(article(kTexts[3][1]));
  EXPECT_EQ(fr.lang, "fr");
  EXPECT_EQ(rules_of(fr), (Ids{"de.t.newsletter", "en.t.subscribe", "t.any.stars"}));
}

TEST(LanguagePacks, ForcedLanguage) {
  Result de = engine("de").clean(article(kTexts[0][1]));  // English text, forced German
  EXPECT_EQ(de.lang, "de");
  EXPECT_EQ(rules_of(de), (Ids{"de.t.newsletter", "en.t.subscribe", "t.any.stars"}));
  Result en = engine("en").clean(article(kTexts[1][1]));  // German text, forced English
  EXPECT_EQ(en.lang, "en");
  EXPECT_EQ(rules_of(en), (Ids{"en.t.subscribe", "t.any.stars"}));
  Result all = engine("all").clean(article(kTexts[0][1]));
  EXPECT_EQ(all.lang, "und");
  EXPECT_EQ(all.removals.size(), 3u);
  for (const char* bad : {"", "EN", "english", "e", "en-", "en_US"}) {
    Options o;
    o.lang = bad;
    auto created = Engine::create(o);
    ASSERT_FALSE(created.ok()) << bad;
    EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  }
  for (const char* good : {"auto", "all", "en", "pt-BR", "zh-Hant", "ast"}) {
    Options o;
    o.lang = good;
    EXPECT_TRUE(Engine::create(o).ok()) << good;
  }
}

TEST(LanguagePacks, AuditNamesTheLanguage) {
  Removal x{"de.t.newsletter", "subscription", "remove", 3, 13, 2, "Newsletter"};
  EXPECT_EQ(audit_json(x, "a.txt", "de"),
            "{\"doc\":\"a.txt\",\"lang\":\"de\",\"rule\":\"de.t.newsletter\",\"category\":\"subscription\","
            "\"action\":\"remove\",\"start\":3,\"end\":13,\"line\":2,\"text\":\"Newsletter\"}");
}

TEST(LanguagePacks, RuleExamplesRunInTheirRulesLanguage) {
  // The remove example is an English-looking paragraph a German rule cuts
  // a German word out of: detected, it would be English and the rule would
  // not run; forced to the rule's language, it does.
  const std::string pack = R"(
- id: de.t.mehr
  category: related-links
  lang: de
  pattern: ' ?Mehr zum Thema$'
  action: remove-span
  examples:
    remove: ['The council voted on Tuesday to raise parking fees for the first time in a decade, the mayor said. Mehr zum Thema']
    keep: ['Mehr zum Thema Verkehr lesen Sie morgen.']
- id: en.t.other
  category: x
  lang: en
  pattern: '^Other$'
  examples: {remove: ['Other'], keep: ['Others']}
)";
  Options o;
  o.default_rules = false;
  o.rule_packs.push_back({"p.yaml", pack});
  auto e = Engine::create(o);
  ASSERT_TRUE(e.ok()) << e.status().message();
  auto failures = e->test_rules();
  for (const auto& f : failures) ADD_FAILURE() << f.where << ": " << f.message;
  // And the same example, detected, is English: the German rule stays off.
  Result r = e->clean(
      "The council voted on Tuesday to raise parking fees for the first time in a decade, the mayor said. "
      "Mehr zum Thema");
  EXPECT_EQ(r.lang, "en");
  EXPECT_TRUE(r.removals.empty());
}

TEST(LanguagePacks, HtmlIsDetectedOnTheArticle) {
  Engine e = engine();
  std::string page = "<html><body><nav><p>Home</p><p>Sign in</p></nav><article><p>" + std::string(kTexts[1][1]) +
                     "</p><p>Newsletter</p><p>" + kTexts[1][1] + "</p></article></body></html>";
  Result r = e.clean(page, Format::kHtml);
  EXPECT_EQ(r.lang, "de");
  EXPECT_EQ(r.text.find("Newsletter"), std::string::npos);
}

}  // namespace
}  // namespace normalize
