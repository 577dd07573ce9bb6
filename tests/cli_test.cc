// The real binary: exit codes, stderr messages, --audit, --explain, rules
// commands, files that cannot be read, a closed pipe.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_util.h"

namespace normalize {
namespace {

namespace fs = std::filesystem;

using CliRun = testing::CmdRun;

fs::path temp_dir() { return testing::temp_dir("normalize_cli_test"); }

CliRun run(const std::string& args, const std::string& input = "") {
  return testing::run_normalize(temp_dir(), args, input);
}

void write(const std::string& name, const std::string& text) {
  std::ofstream(temp_dir() / name, std::ios::binary) << text;
}

const std::string& kRule = testing::kReplyRule;

TEST(Cli, StdinToStdout) {
  CliRun r = run("--from text", "Body  text.\r\n\r\nMore.");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "Body text.\n\nMore.\n");
  EXPECT_EQ(r.err, "");
}

TEST(Cli, AuditFileIsJsonLinesWithExactSpans) {
  write("rules.yaml", kRule);
  write("a.txt", "Body.\n\nLeave a Reply\n\nName \"x\"\n");
  CliRun r = run("--no-default-rules --rules rules.yaml --audit audit.jsonl a.txt");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "Body.\n");
  EXPECT_EQ(testing::read_file((temp_dir() / "audit.jsonl").string()),
            "{\"doc\":\"a.txt\",\"lang\":\"\",\"rule\":\"t.cw.reply\",\"category\":\"comment-widget\",\"action\":\"remove-rest\","
            "\"start\":7,\"end\":30,\"line\":3,\"text\":\"Leave a Reply\\n\\nName \\\"x\\\"\"}\n");
}

// "-" is stdout for --audit and -o in every mode, never a file named "-"; the
// audit goes there only when the cleaned text or records go elsewhere.
const std::string kAuditLine =
    "{\"doc\":\"a.txt\",\"lang\":\"\",\"rule\":\"t.cw.reply\",\"category\":\"comment-widget\",\"action\":\"remove-rest\","
    "\"start\":7,\"end\":20,\"line\":3,\"text\":\"Leave a Reply\"}\n";

bool dash_file_exists() { return fs::exists(temp_dir() / "-"); }

TEST(Cli, AuditDashWithTextOnStdoutIsAUsageError) {
  write("rules.yaml", kRule);
  write("a.txt", "Body.\n\nLeave a Reply\n");
  fs::remove(temp_dir() / "-");
  CliRun r = run("--no-default-rules --rules rules.yaml --audit - a.txt");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "normalize: --audit - and the cleaned text would both go to stdout; write the text with --out-dir DIR "
            "or the audit with --audit FILE\n");
  CliRun e = run("--no-default-rules --rules rules.yaml --explain --audit - a.txt");
  EXPECT_EQ(e.code, 2);
  EXPECT_NE(e.err.find("--audit - and the --explain output would both go to stdout"), std::string::npos) << e.err;
  CliRun o = run("--no-default-rules --rules rules.yaml -o - --audit - a.txt");  // -o - is stdout too
  EXPECT_EQ(o.code, 2);
  CliRun d = run("--no-default-rules --rules rules.yaml --out-dir - --audit - a.txt");
  EXPECT_EQ(d.code, 2);
  EXPECT_EQ(d.err, "normalize: --out-dir - names no directory; without --out-dir the text goes to stdout\n");
  EXPECT_FALSE(dash_file_exists());
}

TEST(Cli, AuditDashGoesToStdoutWhenTheTextGoesToOutDir) {
  write("rules.yaml", kRule);
  write("a.txt", "Body.\n\nLeave a Reply\n");
  fs::remove(temp_dir() / "-");
  fs::create_directories(temp_dir() / "dash-outs");
  CliRun r = run("--no-default-rules --rules rules.yaml --out-dir dash-outs --audit - a.txt");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, kAuditLine);
  EXPECT_EQ(testing::read_file((temp_dir() / "dash-outs" / "a.txt").string()), "Body.\n");
  EXPECT_FALSE(dash_file_exists());
}

TEST(Cli, OutputDashIsStdout) {
  write("rules.yaml", kRule);
  write("a.txt", "Body.\n\nLeave a Reply\n");
  fs::remove(temp_dir() / "-");
  CliRun plain = run("--no-default-rules --rules rules.yaml -o - a.txt");
  EXPECT_EQ(plain.code, 0) << plain.err;
  EXPECT_EQ(plain.out, "Body.\n");
  CliRun jsonl = run("--jsonl --no-default-rules --rules rules.yaml -o - --audit dash-audit.jsonl",
                     "{\"id\":\"a.txt\",\"text\":\"Body.\\n\\nLeave a Reply\\n\"}\n");
  EXPECT_EQ(jsonl.code, 0) << jsonl.err;
  EXPECT_EQ(jsonl.out, "{\"id\":\"a.txt\",\"text\":\"Body.\\n\"}\n");
  EXPECT_EQ(testing::read_file((temp_dir() / "dash-audit.jsonl").string()), kAuditLine);
  EXPECT_FALSE(dash_file_exists());
}

TEST(Cli, JsonlAuditDashWithRecordsOnStdoutIsAUsageError) {
  write("rules.yaml", kRule);
  fs::remove(temp_dir() / "-");
  const std::string in = "{\"id\":\"a.txt\",\"text\":\"Body.\\n\\nLeave a Reply\\n\"}\n";
  const std::string message =
      "normalize: --audit - and the output records would both go to stdout; write the records with -o FILE or the "
      "audit with --audit FILE\n";
  for (const char* output : {"", "-o - "}) {
    CliRun r = run(std::string("--jsonl --no-default-rules --rules rules.yaml ") + output + "--audit -", in);
    EXPECT_EQ(r.code, 2) << output;
    EXPECT_EQ(r.out, "") << output;
    EXPECT_EQ(r.err, message) << output;
  }
  EXPECT_FALSE(dash_file_exists());
}

TEST(Cli, JsonlAuditDashGoesToStdoutWhenTheRecordsGoToAFile) {
  write("rules.yaml", kRule);
  fs::remove(temp_dir() / "-");
  CliRun r = run("--jsonl --no-default-rules --rules rules.yaml -o dash-out.jsonl --audit -",
                 "{\"id\":\"a.txt\",\"text\":\"Body.\\n\\nLeave a Reply\\n\"}\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, kAuditLine);
  EXPECT_EQ(testing::read_file((temp_dir() / "dash-out.jsonl").string()), "{\"id\":\"a.txt\",\"text\":\"Body.\\n\"}\n");
  EXPECT_FALSE(dash_file_exists());
}

TEST(Cli, JsonlOutputAndAuditInOneFileIsAUsageError) {
  CliRun r = run("--jsonl -o same.jsonl --audit same.jsonl", "{\"text\":\"x\"}\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "normalize: -o and --audit both name same.jsonl; the audit needs a file of its own\n");
}

TEST(Cli, LangPicksThePacksAndTheAuditNamesIt) {
  // A German and an English pack: an English document gets the English one.
  write("de.yaml",
        "- id: de.t.newsletter\n  category: subscription\n  lang: de\n  pattern: '^Newsletter$'\n"
        "  examples: {remove: ['Newsletter'], keep: ['Der Newsletter kommt.']}\n" + kRule);
  const std::string body =
      "The city council voted on Tuesday to raise parking fees for the first time in a decade. "
      "Residents complained that the new bridge was still closed three months after it was finished.";
  write("en.txt", body + "\n\nNewsletter\n");
  CliRun detected = run("--no-default-rules --rules de.yaml --audit audit.jsonl en.txt");
  EXPECT_EQ(detected.code, 0) << detected.err;
  EXPECT_EQ(detected.out, body + "\n\nNewsletter\n");  // English: the German rule does not run
  EXPECT_EQ(testing::read_file((temp_dir() / "audit.jsonl").string()), "");
  CliRun forced = run("--no-default-rules --rules de.yaml --lang de --audit audit.jsonl en.txt");
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(forced.out, body + "\n");
  EXPECT_EQ(testing::read_file((temp_dir() / "audit.jsonl").string()).rfind("{\"doc\":\"en.txt\",\"lang\":\"de\",", 0),
            0u);
  CliRun bad = run("--lang English en.txt");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, "normalize: --lang English: expected auto, all or a language code such as en\n");
}

TEST(Cli, ExplainMarksRemovals) {
  write("rules.yaml", kRule);
  CliRun r = run("--no-default-rules --rules rules.yaml --explain", "Body.\n\nLeave a Reply\n");
  EXPECT_EQ(r.out, "Body.\n\n[-Leave a Reply-]{t.cw.reply}\n");
  CliRun c = run("--no-default-rules --rules rules.yaml --explain --color always", "Leave a Reply");
  EXPECT_NE(c.out.find("\x1b["), std::string::npos);
}

TEST(Cli, MissingFileIsReportedAndOthersStillRun) {
  write("ok.txt", "Fine.\n");
  CliRun r = run("nope.txt ok.txt");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "Fine.\n");
  EXPECT_EQ(r.err, "normalize: nope.txt: error: cannot read: No such file or directory\n");
}

TEST(Cli, StatsNameTheSlowestInput) {
  write("one.txt", "First.\n");
  write("two.txt", "Second.\n");
  CliRun r = run("--stats one.txt two.txt");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "First.\nSecond.\n");
  EXPECT_NE(r.err.find("normalize: 2 inputs, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("per input: median "), std::string::npos) << r.err;
  EXPECT_TRUE(r.err.find("(one.txt)") != std::string::npos || r.err.find("(two.txt)") != std::string::npos) << r.err;
  EXPECT_EQ(run("one.txt").err, "");  // nothing without --stats
}

TEST(Cli, DirectoryAsInputIsAnError) {
  fs::create_directories(temp_dir() / "adir");
  CliRun r = run("adir");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("normalize: adir: error: cannot read"), std::string::npos);
}

TEST(Cli, BadRuleFileExits2WithLocation) {
  write("bad.yaml", "- id: t.x.y\n  category: x\n  lang: en\n  pattern: '('\n  examples: {remove: [a], keep: [b]}\n");
  CliRun r = run("--rules bad.yaml", "x");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("normalize: bad.yaml:4:12: error: rule t.x.y: bad regex:", 0), 0u) << r.err;
}

TEST(Cli, UsageErrorsExit2) {
  EXPECT_EQ(run("--from pdf").code, 2);
  EXPECT_EQ(run("--no-such-flag").code, 2);
  EXPECT_EQ(run("--disable no.such.rule").code, 2);
}

TEST(Cli, HelpDocumentsEveryOption) {
  CliRun r = run("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* opt : {"--from", "--to", "--audit", "--rules", "--no-default-rules", "--disable", "--explain",
                          "--nfkc", "--version", "rules list", "rules test", "Exit status"}) {
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
  }
}

TEST(Cli, VersionNamesTheRulesHash) {
  CliRun a = run("--version");
  EXPECT_EQ(a.code, 0);
  EXPECT_EQ(a.out.rfind("normalize 0.1.0 (rules ", 0), 0u);
  write("rules.yaml", kRule);
  CliRun b = run("--version --rules rules.yaml");
  EXPECT_NE(a.out, b.out);  // other rules, other hash
}

TEST(Cli, RulesListAndTest) {
  write("rules.yaml", kRule);
  CliRun list = run("--no-default-rules --rules rules.yaml rules list");
  EXPECT_EQ(list.out, "t.cw.reply\tcomment-widget\ten\tremove-rest\n");
  CliRun test = run("rules test --no-default-rules --rules rules.yaml");
  EXPECT_EQ(test.code, 0);
  EXPECT_EQ(test.out, "rules test: 1 passed, 0 failed\n");
  write("broken.yaml", "- id: t.x.y\n  category: x\n  lang: en\n  pattern: '^Share$'\n"
                       "  examples: {remove: ['Tweet'], keep: ['ok']}\n");
  CliRun fail = run("--no-default-rules --rules broken.yaml rules test");
  EXPECT_EQ(fail.code, 1);
  EXPECT_EQ(fail.out,
            "broken.yaml:5:23: error: rule t.x.y: remove example not removed: \"Tweet\"\n"
            "rules test: 0 passed, 1 failed\n");
}

TEST(Cli, InvalidUtf8IsAWarningWithTheOffset) {
  CliRun r = run("", "ok \xFF then");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "ok \xEF\xBF\xBD then\n");
  EXPECT_EQ(r.err, "normalize: <stdin>: warning: 1 invalid UTF-8 sequence(s) replaced by U+FFFD, the first at byte 3\n");
}

TEST(Cli, ClosedPipeEndsQuietly) {
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "A line of article text number " + std::to_string(i) + ".\n";
  write("big.txt", big);
  std::string cmd = "cd '" + temp_dir().string() + "' && set -o pipefail; '" + NORMALIZE_BINARY +
                    "' big.txt 2> pipe.err | head -c 10 > /dev/null";
  int status = std::system(("bash -c \"" + cmd + "\"").c_str());
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(testing::read_file((temp_dir() / "pipe.err").string()), "");
}


TEST(Cli, MarkdownInAndOut) {
  CliRun r = run("--no-default-rules --from markdown --to markdown", "Title\n===\n\n* a [x](#)\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "# Title\n\n  - a x\n");
  CliRun t = run("--no-default-rules --to text", "# Title\n\n- a [link](https://x.example)\n- b\n");
  EXPECT_EQ(t.code, 0) << t.err;
  EXPECT_EQ(t.out, "Title\n\na link\n\nb\n");  // auto: read as Markdown
}

TEST(Cli, ListAndOutDirWriteOneFilePerInput) {
  write("p1.html", "<p>One</p>");
  write("p2.html", "<p>Two</p>");
  write("list.tsv", "first\tp1.html\np2.html\n");
  fs::create_directories(temp_dir() / "outs");
  CliRun r = run("--no-default-rules --from html --list list.tsv --out-dir outs");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::read_file((temp_dir() / "outs" / "first.txt").string()), "One\n");
  EXPECT_EQ(testing::read_file((temp_dir() / "outs" / "p2.txt").string()), "Two\n");
}

TEST(Cli, HtmlIsReadAsHtml) {
  CliRun r = run("--no-default-rules", "<!doctype html><p>Hi &amp; bye</p>\n");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "Hi & bye\n");
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace normalize
