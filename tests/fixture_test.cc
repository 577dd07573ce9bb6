// Golden fixtures through the public Engine with the default pack:
//  - fixtures/text/*.md: spec-format examples (input . output . audit);
//  - fixtures/text/seeds/NNN.txt: labelled articles (NNN.labels.tsv) with their
//    expected output (NNN.expected.txt) and audit (NNN.expected.audit).
//  - fixtures/markdown/*.md: Markdown examples between fences of ten backticks
//    (input . canonical Markdown . audit [. --to text output]);
//  - a randomised test that assembles Markdown documents from those pieces.
// Every fixture is also checked for idempotence and audit fidelity.
// NORMALIZE_UPDATE_FIXTURES=1 rewrites the seeds' expected files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "normalize/text/canonical.h"
#include "normalize/normalize.h"
#include "test_util.h"

namespace normalize {
namespace {

namespace fs = std::filesystem;
using testing::expect_audit_faithful;
using testing::read_file;

const fs::path kFixtures = fs::path(NORMALIZE_SOURCE_DIR) / "fixtures";

// An engine for the whole run (never freed: the tests share it).
Engine* new_engine(const Options& o) {
  auto made = Engine::create(o);
  EXPECT_TRUE(made.ok()) << made.status().message();
  return new Engine(std::move(made).value());
}

const Engine& engine() {
  static Engine* e = new_engine(Options{});
  return *e;
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

std::string audit_lines(const Result& r) {
  std::string out;
  for (const Removal& x : r.removals) out += x.action + " " + x.rule + " | " + escape(x.text) + "\n";
  return out;
}

void expect_idempotent(const Result& once, const std::string& where) {
  Result twice = engine().clean(once.text, Format::kText);
  EXPECT_EQ(twice.text, once.text) << where << ": cleaning the output again changed it";
  EXPECT_TRUE(twice.removals.empty()) << where << ": cleaning the output again removed "
                                      << (twice.removals.empty() ? "" : twice.removals[0].rule);
}

// ---- spec-format files --------------------------------------------------

struct Example {
  std::string file;
  int line = 0;
  std::string input, output, audit;
};

std::vector<Example> parse_spec(const fs::path& path) {
  std::vector<Example> out;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  Example* cur = nullptr;
  int part = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!cur && line == "```example") {
      out.push_back({path.filename().string(), n, "", "", ""});
      cur = &out.back();
      part = 0;
      continue;
    }
    if (!cur) continue;
    if (line == "```") {
      cur = nullptr;
      continue;
    }
    if (line == ".") {
      ++part;
      continue;
    }
    std::string& dst = part == 0 ? cur->input : part == 1 ? cur->output : cur->audit;
    dst += line + "\n";
  }
  return out;
}

// Every example of the spec-format files in fixtures/<dir>, files in name order.
std::vector<Example> spec_examples(const char* dir) {
  std::vector<Example> all;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kFixtures / dir)) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto ex = parse_spec(f);
    all.insert(all.end(), ex.begin(), ex.end());
  }
  return all;
}

// Output and audit as written in the example, a faithful audit, idempotence.
void check_spec_example(const Example& ex, Format from) {
  std::string where = ex.file + ":" + std::to_string(ex.line);
  Result r = engine().clean(ex.input, from);
  EXPECT_EQ(r.text, ex.output) << where;
  EXPECT_EQ(audit_lines(r), ex.audit) << where;
  expect_audit_faithful(ex.input, r);
  expect_idempotent(r, where);
}

TEST(Fixtures, SpecExamples) {
  auto examples = spec_examples("text");
  ASSERT_GE(examples.size(), 20u);
  for (const Example& ex : examples) check_spec_example(ex, Format::kText);
}

// ---- seed articles --------------------------------------------------------

struct Label {
  int line;
  bool keep;
  std::string category;
};

std::vector<Label> read_labels(const fs::path& path) {
  std::vector<Label> out;
  std::ifstream in(path);
  std::string row;
  while (std::getline(in, row)) {
    auto t1 = row.find('\t'), t2 = row.find('\t', t1 + 1);
    out.push_back({std::stoi(row.substr(0, t1)), row.substr(t1 + 1, t2 - t1 - 1) == "KEEP",
                   t2 == std::string::npos ? "" : row.substr(t2 + 1)});
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = s.find('\n', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// KEEP lines must appear in the output (as often as they are labelled KEEP);
// DROP lines must not appear as an output line.
void check_labels(const fs::path& txt, const std::string& input, const std::string& output) {
  auto src = split_lines(input);
  auto out = split_lines(output);
  auto labels = read_labels(fs::path(txt).replace_extension(".labels.tsv"));
  ASSERT_FALSE(labels.empty());
  std::map<std::string, int> keep_count;
  for (const Label& l : labels) {
    if (l.keep) ++keep_count[internal::canonical_text(src[l.line - 1], false)];
  }
  for (const Label& l : labels) {
    std::string want = internal::canonical_text(src[l.line - 1], false);
    int found = static_cast<int>(std::count(out.begin(), out.end(), want));
    std::string where = txt.filename().string() + ":" + std::to_string(l.line);
    if (l.keep) {
      EXPECT_GE(found, 1) << where << ": KEEP line missing: " << want;
    } else {
      EXPECT_LE(found, keep_count[want]) << where << ": DROP (" << l.category << ") line still there: " << want;
    }
  }
}

TEST(Fixtures, SeedArticles) {
  bool update = std::getenv("NORMALIZE_UPDATE_FIXTURES") != nullptr;
  int seen = 0;
  for (const auto& e : fs::directory_iterator(kFixtures / "text" / "seeds")) {
    fs::path txt = e.path();
    if (txt.extension() != ".txt" || txt.stem().string().find('.') != std::string::npos) continue;
    if (!fs::exists(fs::path(txt).replace_extension(".labels.tsv"))) continue;
    ++seen;
    std::string input = read_file(txt.string());
    Result r = engine().clean(input, Format::kText);
    fs::path expected_txt = fs::path(txt).replace_extension(".expected.txt");
    fs::path expected_audit = fs::path(txt).replace_extension(".expected.audit");
    if (update) {
      std::ofstream(expected_txt, std::ios::binary) << r.text;
      std::ofstream(expected_audit, std::ios::binary) << audit_lines(r);
    }
    check_labels(txt, input, r.text);
    EXPECT_EQ(r.text, read_file(expected_txt.string())) << txt;
    EXPECT_EQ(audit_lines(r), read_file(expected_audit.string())) << txt;
    expect_audit_faithful(input, r);
    expect_idempotent(r, txt.string());
  }
  EXPECT_GE(seen, 4);
}

}  // namespace
}  // namespace normalize

namespace normalize {
namespace {

// ---- Markdown spec-format files ------------------------------------------

const Engine& markdown_engine(Output to) {
  static Engine* engines[2] = {nullptr, nullptr};
  Engine*& e = engines[to == Output::kMarkdown ? 0 : 1];
  if (!e) {
    Options o;
    o.to = to;
    e = new_engine(o);
  }
  return *e;
}

// The rules alone, writing text: text output read back as text has lost
// what kept code and table rows from the block model (their kind), so that
// check is the rules'; the model's idempotence is checked format by format.
const Engine& text_rules_only() {
  static Engine* e = [] {
    Options o;
    o.model = false;
    return new_engine(o);
  }();
  return *e;
}

struct MdExample {
  std::string file;
  int line = 0;
  std::string input, output, audit, text;
  bool has_text = false;
};

std::vector<MdExample> parse_markdown_spec(const fs::path& path) {
  const std::string fence(10, '`');
  std::vector<MdExample> out;
  std::ifstream in(path);
  std::string line;
  int n = 0, part = -1;
  while (std::getline(in, line)) {
    ++n;
    if (part < 0) {
      if (line == fence + " example") {
        out.push_back({path.filename().string(), n, "", "", "", "", false});
        part = 0;
      }
      continue;
    }
    MdExample& ex = out.back();
    if (line == fence) {
      part = -1;
    } else if (line == ".") {
      ++part;
      if (part == 3) ex.has_text = true;
    } else {
      std::string& dst = part == 0 ? ex.input : part == 1 ? ex.output : part == 2 ? ex.audit : ex.text;
      dst += line + "\n";
    }
  }
  return out;
}

std::vector<MdExample> all_markdown_examples() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kFixtures / "markdown")) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<MdExample> all;
  for (const auto& f : files) {
    auto ex = parse_markdown_spec(f);
    all.insert(all.end(), ex.begin(), ex.end());
  }
  return all;
}

void expect_markdown_idempotent(const Result& once, const std::string& where) {
  Result twice = markdown_engine(Output::kMarkdown).clean(once.text, Format::kMarkdown);
  EXPECT_EQ(twice.text, once.text) << where << ": cleaning the Markdown output again changed it";
  EXPECT_TRUE(twice.removals.empty()) << where << ": cleaning the output again removed "
                                      << (twice.removals.empty() ? "" : twice.removals[0].rule);
}

// One example read as `from`: Markdown output, audit, audit fidelity,
// idempotence; the --to text output where given, the same removals for both
// output formats, and text output stable as text.
// `md` and `text` write Markdown and text (the default pack unless given).
void check_markdown_example(const MdExample& ex, Format from, const Engine& md, const Engine& text,
                            bool text_stable = true) {
  std::string where = ex.file + ":" + std::to_string(ex.line);
  Result r = md.clean(ex.input, from);
  EXPECT_EQ(r.text, ex.output) << where;
  EXPECT_EQ(audit_lines(r), ex.audit) << where;
  expect_audit_faithful(ex.input, r);
  Result twice = md.clean(r.text, Format::kMarkdown);
  EXPECT_EQ(twice.text, r.text) << where << ": cleaning the Markdown output again changed it";
  EXPECT_TRUE(twice.removals.empty()) << where << ": cleaning the output again removed "
                                      << (twice.removals.empty() ? "" : twice.removals[0].rule);
  Result t = text.clean(ex.input, from);
  if (ex.has_text) {
    EXPECT_EQ(t.text, ex.text) << where << " (--to text)";
  }
  EXPECT_EQ(audit_lines(t), audit_lines(r)) << where << ": the output format changed what was removed";
  if (!text_stable) return;
  Result t2 = text_rules_only().clean(t.text, Format::kText);
  EXPECT_EQ(t2.text, t.text) << where << ": --to text output is not stable as text";
}

void check_markdown_example(const MdExample& ex, Format from) {
  check_markdown_example(ex, from, markdown_engine(Output::kMarkdown), markdown_engine(Output::kText));
}

TEST(MarkdownFixtures, SpecExamples) {
  auto examples = all_markdown_examples();
  ASSERT_GE(examples.size(), 25u);
  for (const MdExample& ex : examples) check_markdown_example(ex, Format::kMarkdown);
}

// fixtures/markdown/regression/NNNN-C-*.md: each a case that once broke
// clean(clean(x)) == clean(x), numbered by issue and case, run with the rules
// that exposed them (regression/rules.yaml, without the default pack).
TEST(MarkdownFixtures, Regressions) {
  const fs::path dir = kFixtures / "markdown" / "regression";
  Engine* engines[2] = {nullptr, nullptr};
  for (Output to : {Output::kMarkdown, Output::kText}) {
    Options o;
    o.to = to;
    o.default_rules = false;
    o.rule_packs = {{"rules.yaml", read_file((dir / "rules.yaml").string())}};
    auto made = Engine::create(o);
    ASSERT_TRUE(made.ok()) << made.status().message();
    engines[to == Output::kMarkdown ? 0 : 1] = new Engine(std::move(made).value());
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::size_t count = 0;
  for (const auto& f : files) {
    for (const MdExample& ex : parse_markdown_spec(f)) {
      ++count;
      // Plain text keeps no code spans, so these rules cut into it again.
      check_markdown_example(ex, Format::kMarkdown, *engines[0], *engines[1], false);
    }
  }
  EXPECT_GE(count, 7u);
  delete engines[0];
  delete engines[1];
}

// Documents assembled at random from the fixtures' blocks: no crash, audit
// faithful, Markdown output idempotent, for a few thousand cases.
TEST(MarkdownFixtures, RandomAssembliesAreIdempotent) {
  std::vector<std::string> pieces;
  for (const MdExample& ex : all_markdown_examples()) {
    for (const std::string* s : {&ex.input, &ex.output}) {
      std::size_t i = 0;
      while (i < s->size()) {
        std::size_t j = s->find("\n\n", i);
        if (j == std::string::npos) j = s->size();
        if (j > i) pieces.push_back(s->substr(i, j - i));
        i = j + 2;
      }
    }
  }
  ASSERT_GE(pieces.size(), 50u);
  std::mt19937 rng(20261121);
  const char* joins[] = {"\n\n", "\n", "\n\n", " ", "\n> ", "\n- ", "\n\n    "};
  int failures = 0;
  for (int c = 0; c < 3000 && failures < 5; ++c) {
    std::string doc;
    int n = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k) {
      if (k) doc += joins[rng() % (sizeof joins / sizeof *joins)];
      doc += pieces[rng() % pieces.size()];
    }
    doc += '\n';
    std::string where = "random case " + std::to_string(c) + ":\n" + doc;
    SCOPED_TRACE(where);
    Result r = markdown_engine(Output::kMarkdown).clean(doc, Format::kMarkdown);
    expect_audit_faithful(doc, r);
    Result twice = markdown_engine(Output::kMarkdown).clean(r.text, Format::kMarkdown);
    if (twice.text != r.text || !twice.removals.empty()) {
      ++failures;
      ADD_FAILURE() << where << "\n--- once ---\n" << r.text << "--- twice ---\n" << twice.text;
    }
    Result t = markdown_engine(Output::kText).clean(doc, Format::kMarkdown);
    EXPECT_EQ(audit_lines(t), audit_lines(r)) << where;
  }
}


// ---- Markdown seed articles ------------------------------------------------
// fixtures/markdown/seeds/NNN.md with NNN.labels.tsv, NNN.expected.md (--to markdown),
// NNN.expected.txt (--to text) and NNN.expected.audit. Labels are checked as
// word sequences (link targets dropped, ASCII case folded), the way
// ../shared/eval/seeds_check.py scores them; lines without words are skipped.

std::vector<std::string> words(std::string_view line) {
  std::string s;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line.compare(i, 2, "](") == 0) {  // a link target
      std::size_t close = line.find(')', i);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    s += line[i];
  }
  s = internal::canonical_text(s, true);
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '_' || u >= 0x80) {
      cur += static_cast<char>(std::tolower(u));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string joined(const std::vector<std::string>& w) {
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out;
}

void check_markdown_labels(const fs::path& md, const std::string& input, const std::string& output) {
  auto src = split_lines(input);
  std::vector<std::string> out_lines;
  std::string all = " ";
  for (const std::string& l : split_lines(output)) {
    std::string w = joined(words(l));
    if (w.empty()) continue;
    out_lines.push_back(w);
    all += w + " | ";
  }
  for (const Label& l : read_labels(fs::path(md).replace_extension(".labels.tsv"))) {
    auto w = words(src[l.line - 1]);
    if (w.empty()) continue;
    std::string key = joined(w);
    std::string where = md.filename().string() + ":" + std::to_string(l.line);
    bool equal_or_starts = std::any_of(out_lines.begin(), out_lines.end(), [&](const std::string& o) {
      return o == key || o.rfind(key + " ", 0) == 0;
    });
    bool contained = all.find(" " + key + " ") != std::string::npos;
    if (l.keep) {
      EXPECT_TRUE(equal_or_starts || contained) << where << ": KEEP line missing: " << src[l.line - 1];
    } else {
      EXPECT_FALSE(equal_or_starts || (contained && w.size() >= 8))
          << where << ": DROP (" << l.category << ") line still there: " << src[l.line - 1];
    }
  }
}

TEST(MarkdownFixtures, SeedArticles) {
  bool update = std::getenv("NORMALIZE_UPDATE_FIXTURES") != nullptr;
  int seen = 0;
  for (const auto& e : fs::directory_iterator(kFixtures / "markdown" / "seeds")) {
    fs::path md = e.path();
    if (md.extension() != ".md" || md.stem().string().find('.') != std::string::npos) continue;
    ++seen;
    std::string input = read_file(md.string());
    Result m = markdown_engine(Output::kMarkdown).clean(input, Format::kMarkdown);
    Result t = markdown_engine(Output::kText).clean(input, Format::kAuto);
    auto path = [&](const char* ext) { return fs::path(md).replace_extension(ext); };
    if (update) {
      std::ofstream(path(".expected.md"), std::ios::binary) << m.text;
      std::ofstream(path(".expected.txt"), std::ios::binary) << t.text;
      std::ofstream(path(".expected.audit"), std::ios::binary) << audit_lines(m);
    }
    check_markdown_labels(md, input, t.text);
    check_markdown_labels(md, input, m.text);
    EXPECT_EQ(m.text, read_file(path(".expected.md").string())) << md;
    EXPECT_EQ(t.text, read_file(path(".expected.txt").string())) << md;
    EXPECT_EQ(audit_lines(m), read_file(path(".expected.audit").string())) << md;
    EXPECT_EQ(audit_lines(t), audit_lines(m)) << md;
    expect_audit_faithful(input, m);
    expect_markdown_idempotent(m, md.string());
  }
  EXPECT_GE(seen, 1);
}


// Documents made of random Markdown tokens: markers, delimiters, escapes,
// entities, URLs, odd spaces. No crash, exact audit, idempotent output.
TEST(MarkdownFixtures, RandomTokenSoupIsIdempotent) {
  const char* tokens[] = {
      "\n",     "\n\n",   "# ",      "## ",     "- ",        "* ",      "1. ",      "> ",       "    ",
      "```\n",  "---\n",  "***",     "_",       "**",        "`",       "[",        "]",        "](#)",
      "](https://x.example/a)",      "![",      "<https://y.example>",  "https://z.example/p?q=1", "\\",
      "&amp;",  "&nbsp;", "&#42;",   "&copy;",  "|",         "| a | b |\n|---|---|\n", "\xC2\xA0",
      "\xE2\x80\x8B",     "e\xCC\x81",          "word",      "Share this:",           "Tags:",    " ",
      "<div>",  "</div>", "<!-- c -->",         "~~",        "[ ] ",    "[x] ",     "\t",       "=\n",
      "Photo: Jane Doe/Reuters",    "\xE2\x80\x9Cquoted\xE2\x80\x9D",  "x@example.org", "1) ",   "+ "};
  std::mt19937 rng(7);
  int failures = 0;
  for (int c = 0; c < 3000 && failures < 5; ++c) {
    std::string doc;
    int n = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) doc += tokens[rng() % (sizeof tokens / sizeof *tokens)];
    std::string where = "token soup " + std::to_string(c) + ":\n" + doc;
    SCOPED_TRACE(where);
    Result r = markdown_engine(Output::kMarkdown).clean(doc, Format::kMarkdown);
    expect_audit_faithful(doc, r);
    Result twice = markdown_engine(Output::kMarkdown).clean(r.text, Format::kMarkdown);
    if (twice.text != r.text || !twice.removals.empty()) {
      ++failures;
      ADD_FAILURE() << "--- once ---\n" << r.text << "--- twice ---\n" << twice.text;
    }
    Result t = markdown_engine(Output::kText).clean(doc, Format::kMarkdown);
    EXPECT_EQ(audit_lines(t), audit_lines(r));
  }
}


// The token soup again under rules that cut spans (and remove blocks) all
// over it: a cut block keeps its inline formatting where its text nodes are
// verbatim copies of the input.
TEST(MarkdownFixtures, RandomCutsAreIdempotent) {
  Options o;
  o.to = Output::kMarkdown;
  o.default_rules = false;
  o.rule_packs = {{"cuts.yaml",
                   "- id: t.cut.words\n  category: x\n  lang: en\n  pattern: '(?i)\\b(?:word|quoted|share this:)\\s*'\n"
                   "  action: remove-span\n  examples: {remove: ['word'], keep: ['b']}\n"
                   "- id: t.cut.photo\n  category: x\n  lang: en\n  pattern: '^Photo: '\n  action: remove-span\n"
                   "  examples: {remove: ['Photo: x'], keep: ['b']}\n"}};
  auto made = Engine::create(o);
  ASSERT_TRUE(made.ok()) << made.status().message();
  const Engine& engine = *made;
  const char* tokens[] = {"\n", "\n\n", "# ", "- ", "> ", "**", "*", "_", "`", "[", "](https://x.example/a)", "](#)",
                          "![", "&amp;", "\\", "word", "quoted", "Share this:", "Photo: ", "keep", " ", "~~",
                          "| a | word |\n|---|---|\n", "\xC2\xA0", "https://z.example/p"};
  std::mt19937 rng(11);
  int failures = 0, cut = 0;
  for (int c = 0; c < 7000 && failures < 500; ++c) {
    std::string doc;
    int n = 1 + static_cast<int>(rng() % 30);
    for (int k = 0; k < n; ++k) doc += tokens[rng() % (sizeof tokens / sizeof *tokens)];
    SCOPED_TRACE("cut soup " + std::to_string(c) + ":\n" + doc);
    Result r = engine.clean(doc, Format::kMarkdown);
    expect_audit_faithful(doc, r);
    cut += !r.removals.empty();
    Result twice = engine.clean(r.text, Format::kMarkdown);
    if (twice.text != r.text || !twice.removals.empty()) {
      ++failures;
      if (std::getenv("NZ_SHOW")) ADD_FAILURE() << "--- once ---\n" << r.text << "--- twice ---\n" << twice.text;
    }
  }
  EXPECT_GT(cut, 5000);
  // The 7 soups of the first 3000 that once failed here, and one found
  // later, are fixtures/markdown/regression/0015-*. Nothing reads the output
  // back to settle it, so each case here checks the writer itself.
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace normalize

// ---- HTML pages -------------------------------------------------------------

namespace normalize {
namespace {

// fixtures/html/*.md: spec-format HTML pages (input . text output . audit).
TEST(Fixtures, HtmlSpecExamples) {
  auto examples = spec_examples("html");
  EXPECT_GE(examples.size(), 6u);
  for (const Example& ex : examples) check_spec_example(ex, Format::kHtml);
}

// fixtures/html/markdown/*.md: HTML pages with their --to markdown output,
// audit and --to text output, fenced like fixtures/markdown. The Markdown
// read again as Markdown must not change, and the output format must not
// change what was removed.
TEST(Fixtures, HtmlToMarkdownSpecExamples) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kFixtures / "html" / "markdown")) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::size_t count = 0;
  for (const auto& f : files) {
    for (const MdExample& ex : parse_markdown_spec(f)) {
      ++count;
      EXPECT_TRUE(ex.has_text) << ex.file << ":" << ex.line << ": no --to text output given";
      check_markdown_example(ex, Format::kHtml);
    }
  }
  EXPECT_GE(count, 12u);
}

// fixtures/html/files/NAME.html (encodings, garbage, empty) -> NAME.expected.txt.
TEST(Fixtures, HtmlFiles) {
  std::size_t count = 0;
  for (const auto& e : fs::directory_iterator(kFixtures / "html" / "files")) {
    if (e.path().extension() != ".html") continue;
    ++count;
    std::string input = read_file(e.path().string());
    fs::path expected = e.path();
    expected.replace_extension(".expected.txt");
    Result r = engine().clean(input, Format::kHtml);
    EXPECT_EQ(r.text, read_file(expected.string())) << e.path();
    expect_audit_faithful(input, r);
    expect_idempotent(r, e.path().string());
  }
  EXPECT_GE(count, 6u);
}

}  // namespace
}  // namespace normalize
