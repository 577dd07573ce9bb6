// Invariants over generated documents (fixed seed): documents assembled from
// the seed articles' lines, boilerplate lines and Unicode oddities must clean
// idempotently, with a faithful audit, and the prefiltered evaluator must
// agree with the naive one.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "test_util.h"

namespace normalize {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> pieces() {
  std::vector<std::string> out = {
      "Leave a Reply", "Share this:", "Twitter", "By Jane Roe", "Subscribe to our newsletter",
      "Your email address will not be published. Required fields are marked *",
      "\xC2\xA9 John Roe / Reuters", "Featured image via Jane Roe/Getty Images", "  \t ",
      "Caf\x65\xCC\x81 \xE2\x80\x8B zero\xC2\xA0width", "\xFF\xFE broken \xC3", "Up \xE2\x86\x91", "---",
      "Related Articles", "Read more:", "This article was originally published on Example News.",
      "By 2030 the city will be different.", "WASHINGTON (Reuters) - The Senate voted."};
  for (const auto& e : fs::directory_iterator(fs::path(NORMALIZE_SOURCE_DIR) / "fixtures" / "text" / "seeds")) {
    if (e.path().extension() != ".txt" || e.path().stem().string().find('.') != std::string::npos) continue;
    std::string text = testing::read_file(e.path().string());
    std::size_t i = 0;
    while (i < text.size()) {
      std::size_t j = text.find('\n', i);
      if (j == std::string::npos) j = text.size();
      if (j > i) out.push_back(text.substr(i, j - i));
      i = j + 1;
    }
  }
  return out;
}

// The prefiltered evaluator gave `r` for `doc`: Boost trying every rule
// from the start gives the same.
void expect_same_as_naive(const internal::RuleSet& rules, const std::string& doc, const Result& r, int n) {
  internal::Tuning naive;
  naive.use_prefilter = false;
  Result slow = testing::run(rules, doc, naive);
  ASSERT_EQ(slow.text, r.text) << "prefilter disagrees on case " << n << ":\n" << doc;
  ASSERT_EQ(slow.removals.size(), r.removals.size()) << "case " << n;
}

TEST(Invariants, GeneratedDocuments) {
  auto rules = testing::default_rules();
  auto parts = pieces();
  std::mt19937 rng(20261121);
  for (int n = 0; n < 2000; ++n) {
    std::string doc;
    int count = 1 + static_cast<int>(rng() % 14);
    for (int k = 0; k < count; ++k) {
      doc += parts[rng() % parts.size()];
      doc += (rng() % 3 == 0) ? "\n" : (rng() % 2 ? "\n\n" : "\r\n\r\n");
    }
    Result r = testing::run(rules, doc);
    testing::expect_audit_faithful(doc, r);
    Result again = testing::run(rules, r.text);
    ASSERT_EQ(again.text, r.text) << "not idempotent on case " << n << ":\n" << doc;
    ASSERT_TRUE(again.removals.empty()) << "case " << n << ": second pass removed " << again.removals[0].rule;
    expect_same_as_naive(rules, doc, r, n);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// Long paragraphs (pieces joined on one line), where the needle index looks
// near an anchored regex's end only and leaves out rules by length.
TEST(Invariants, LongParagraphsAgreeWithNaive) {
  auto rules = testing::default_rules();
  auto parts = pieces();
  std::mt19937 rng(20261122);
  for (int n = 0; n < 150; ++n) {
    std::string doc;
    int paragraphs = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < paragraphs; ++k) {
      int count = 2 + static_cast<int>(rng() % 30);
      for (int j = 0; j < count; ++j) {
        std::string piece = parts[rng() % parts.size()];
        for (char& c : piece) c = c == '\n' || c == '\r' ? ' ' : c;
        doc += (j ? " " : "") + piece;
      }
      doc += "\n\n";
    }
    expect_same_as_naive(rules, doc, testing::run(rules, doc), n);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace normalize
