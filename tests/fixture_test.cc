// Golden fixtures through the public Engine with the default pack:
//  - fixtures/text/*.md: spec-format examples (input . output . audit);
//  - fixtures/text/seeds/NNN.txt: labelled articles (NNN.labels.tsv) with their
//    expected output (NNN.expected.txt) and audit (NNN.expected.audit).
// Every fixture is also checked for idempotence and audit fidelity.
// NORMALIZE_UPDATE_FIXTURES=1 rewrites the seeds' expected files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "normalize/canonical.h"
#include "normalize/normalize.h"
#include "test_util.h"

namespace normalize {
namespace {

namespace fs = std::filesystem;
using testing::expect_audit_faithful;
using testing::read_file;

const fs::path kFixtures = fs::path(NORMALIZE_SOURCE_DIR) / "fixtures";

const Engine& engine() {
  static Engine* e = [] {
    auto made = Engine::create(Options{});
    EXPECT_TRUE(made.ok()) << made.status().message();
    return new Engine(std::move(made).value());
  }();
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

std::vector<Example> all_spec_examples() {
  std::vector<Example> all;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kFixtures / "text")) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto ex = parse_spec(f);
    all.insert(all.end(), ex.begin(), ex.end());
  }
  return all;
}

TEST(Fixtures, SpecExamples) {
  auto examples = all_spec_examples();
  ASSERT_GE(examples.size(), 20u);
  for (const Example& ex : examples) {
    std::string where = ex.file + ":" + std::to_string(ex.line);
    Result r = engine().clean(ex.input, Format::kText);
    // The expected output is written without its blank lines' exact count.
    EXPECT_EQ(r.text, ex.output) << where;
    EXPECT_EQ(audit_lines(r), ex.audit) << where;
    expect_audit_faithful(ex.input, r);
    expect_idempotent(r, where);
  }
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
