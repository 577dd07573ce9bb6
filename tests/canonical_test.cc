#include "normalize/canonical.h"

#include <gtest/gtest.h>

namespace normalize::internal {
namespace {

TEST(Canonical, FoldsSpacesAndTrims) { EXPECT_EQ(canonical_text("  a \t b\xC2\xA0\xC2\xA0 c  ", false), "a b c"); }

}  // namespace
}  // namespace normalize::internal
