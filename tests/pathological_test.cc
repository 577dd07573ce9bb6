// Hostile inputs: each must finish with sane output and never crash. No
// timing thresholds here; ctest's timeout catches a hang.
#include <gtest/gtest.h>

#include <random>

#include "normalize/normalize.h"
#include "test_util.h"

namespace normalize {
namespace {

const Engine& engine() {
  static Engine* e = new Engine(std::move(Engine::create(Options{})).value());
  return *e;
}

TEST(Pathological, EmptyInput) {
  Result r = engine().clean("", Format::kText);
  EXPECT_EQ(r.text, "");
  EXPECT_TRUE(r.removals.empty());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Pathological, NulBytesAreRemovedAndReported) {
  std::string in("a\0b\0\0c\n", 7);
  Result r = engine().clean(in, Format::kText);
  EXPECT_EQ(r.text, "abc\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "nul-bytes");
  EXPECT_EQ(r.warnings[0].offset, 1u);
}

TEST(Pathological, BinaryJunk) {
  std::mt19937 rng(42);
  std::string junk(1 << 20, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  Result r = engine().clean(junk, Format::kText);
  testing::expect_audit_faithful(junk, r);
  EXPECT_FALSE(r.warnings.empty());
  Result again = engine().clean(r.text, Format::kText);
  EXPECT_EQ(again.text, r.text);
}

TEST(Pathological, TwoHundredMegabyteSingleLine) {
  std::string line;
  line.reserve(200u << 20);
  const std::string words = "The committee said on Tuesday that it would subscribe to nothing. ";
  while (line.size() < (200u << 20)) line += words;
  line += "\n";
  Result r = engine().clean(line, Format::kText);
  EXPECT_EQ(r.text.size(), line.size() - 1);  // only the trailing space goes
  testing::expect_audit_faithful(line, r);
}

TEST(Pathological, ManyShortBoilerplateLines) {
  std::string in = "Body of the article.\n\n";
  for (int i = 0; i < 50000; ++i) in += "Share this:\n\n";
  Result r = engine().clean(in, Format::kText);
  testing::expect_audit_faithful(in, r);
  EXPECT_EQ(engine().clean(r.text, Format::kText).text, r.text);
}

TEST(Pathological, TooLargeInputPassesThroughWithAWarning) {
  Options o;
  o.max_input_bytes = 10;
  auto e = Engine::create(o);
  ASSERT_TRUE(e.ok());
  Result r = e->clean("01234567890123", Format::kText);
  EXPECT_EQ(r.text, "01234567890123");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "too-large");
}

}  // namespace
}  // namespace normalize
