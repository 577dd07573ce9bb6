// Needles compiled into one Hyperscan literal database (caseless, one report
// per needle and scan) with the rule set, or once the texts scanned would have
// paid for it, each needle looked for on its own before that; scanned in the
// caller's scan space (ScanScratch, regex_prefilter.cc).
#include "normalize/rules/literal_prefilter.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace normalize::internal {
namespace {

struct Context {
  const std::vector<std::vector<std::uint32_t>>* rules;
  RuleHits* hits;
};

// Needle-by-needle work (bytes times needles) before the database is
// compiled: a compilation (milliseconds) pays off over many texts, not over
// one page. About 512 paragraphs of 100 bytes against 100 needles.
constexpr std::uint64_t kCompileAfter = 512 * 100 * 100;

}  // namespace

// Whether `needle` (lower case) occurs in `text`, ASCII letters in either case.
bool contains_folded(std::string_view text, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  auto at = [&](std::size_t i) {
    for (std::size_t k = 0; k < needle.size(); ++k) {
      if (lower(text[i + k]) != needle[k]) return false;
    }
    return true;
  };
  if (needle.empty()) return true;
  if (text.size() < needle.size()) return false;
  const std::size_t last = text.size() - needle.size();  // the last position a match can start at
  std::size_t i = 0;
#if defined(__SSE2__)
  if (needle.size() >= 2) {
    // Positions whose first two bytes equal the needle's once 0x20 is set
    // (upper-case letters then read as lower-case), 16 at a time; each is
    // then checked exactly.
    const __m128i bit = _mm_set1_epi8(0x20);
    const __m128i first = _mm_set1_epi8(static_cast<char>(needle[0] | 0x20));
    const __m128i second = _mm_set1_epi8(static_cast<char>(needle[1] | 0x20));
    for (; i + 16 + 1 <= text.size() && i <= last; i += 16) {
      const char* p = text.data() + i;
      __m128i a = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), bit);
      __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1)), bit);
      __m128i both = _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, second));
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(both));
      while (mask != 0) {
        std::size_t k = i + static_cast<std::size_t>(__builtin_ctz(mask));
        if (k <= last && at(k)) return true;
        mask &= mask - 1;
      }
    }
  }
#endif
  for (; i <= last; ++i) {
    if (at(i)) return true;
  }
  return false;
}

LiteralPrefilter::~LiteralPrefilter() {
  if (!shares_db_) hs_free_database(db_);
}

void LiteralPrefilter::add(std::string_view needle, std::size_t rule) {
  if (needle.empty()) return;
  auto it = std::find(needles_.begin(), needles_.end(), needle);
  if (it == needles_.end()) {
    needles_.emplace_back(needle);
    rules_.emplace_back();
    it = needles_.end() - 1;
  }
  rules_[static_cast<std::size_t>(it - needles_.begin())].push_back(static_cast<std::uint32_t>(rule));
}

void LiteralPrefilter::build(Compile when, CompiledNeedles* compiled) {
  if (when == Compile::kNow && !needles_.empty() && compiled) {
    auto [it, inserted] = compiled->emplace(needles_, this);
    if (!inserted) {
      // Needle ids index needles_, the same in both; rules_ stays this one's.
      const LiteralPrefilter* same = it->second;
      db_ = same->db_;
      serial_ = same->serial_;
      shares_db_ = true;
      compiled_.ensure([] {});
      return;
    }
  }
  serial_ = new_database_serial();
  if (when == Compile::kNow && !needles_.empty()) compiled_.ensure([this] { compile(); });
}

// Whether the database is there to scan with: compiled by build(), or here
// once the needle-by-needle work has grown to pay for it.
bool LiteralPrefilter::compiled_when_paid() const {
  if (compiled_.ready()) return true;
  if (naive_work_.load(std::memory_order_relaxed) < kCompileAfter) return false;
  compiled_.ensure([this] { compile(); });
  return true;
}

void LiteralPrefilter::compile() const {
  std::vector<const char*> text;
  std::vector<std::size_t> lens;
  std::vector<unsigned> flags(needles_.size(), HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH), ids;
  for (std::size_t i = 0; i < needles_.size(); ++i) {
    text.push_back(needles_[i].data());
    lens.push_back(needles_[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(text.data(), flags.data(), ids.data(), lens.data(), static_cast<unsigned>(text.size()),
                           HS_MODE_BLOCK, nullptr, &db_, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    db_ = nullptr;
  }
}

void LiteralPrefilter::scan(std::string_view text, RuleHits* hits, ScanScratch* scratch) const {
  if (needles_.empty()) return;
  auto all = [&] {
    for (const auto& rules : rules_) {
      for (std::uint32_t r : rules) hits->add(r);
    }
  };
  if (!compiled_when_paid()) {
    naive_work_.fetch_add((text.size() + 1) * needles_.size(), std::memory_order_relaxed);
    for (std::size_t i = 0; i < needles_.size(); ++i) {
      if (!contains_folded(text, needles_[i])) continue;
      for (std::uint32_t r : rules_[i]) hits->add(r);
    }
    return;
  }
  if (!db_ || text.size() > UINT32_MAX) return all();  // the superset: every rule may match
  hs_scratch_t* space = scratch->fit(db_, serial_);
  if (!space) return all();
  Context context{&rules_, hits};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* c) -> int {
    auto* ctx = static_cast<Context*>(c);
    for (std::uint32_t r : (*ctx->rules)[id]) ctx->hits->add(r);
    return 0;
  };
  if (hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, space, on_match, &context) !=
      HS_SUCCESS) {
    all();
  }
}

}  // namespace normalize::internal
