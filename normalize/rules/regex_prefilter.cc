// The regex prefilter over Hyperscan: one block-mode database per relaxed
// regex, compiled with the rule set or the first time a block needs it; and
// the scan space its caller owns, grown to fit every database it meets (the
// literal prefilter's too). With literal_prefilter.cc, the only files that
// know Hyperscan.
#include "normalize/rules/regex_prefilter.h"

#include <hs/hs.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "normalize/text/document.h"

namespace normalize::internal {
namespace {

// Every end is reported even so (only the first is wanted); PREFILTER lets
// Hyperscan widen what it cannot build, which keeps the superset.
constexpr unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH;

std::atomic<std::size_t> next_serial{1};

}  // namespace

std::size_t new_database_serial() { return next_serial++; }

ScanScratch::~ScanScratch() { hs_free_scratch(space_); }

hs_scratch_t* ScanScratch::fit(const hs_database_t* db, std::size_t serial) {
  if (fits_.size() <= serial) fits_.resize(serial + 1, 0);
  if (!fits_[serial]) {
    if (hs_alloc_scratch(db, &space_) != HS_SUCCESS) return nullptr;
    fits_[serial] = 1;
  }
  return space_;
}

struct RegexPrefilter::Impl {
  struct Pattern {
    std::string text;
    Width max_width;
    bool ordered = true;  // the first match reported has the first end
    bool at_end = false;    // every match ends at the text's end
    bool leftmost = false;  // db reports the leftmost start of a match
    OnceCompiled compiled;
    hs_database_t* db = nullptr;  // null after compiling: Hyperscan refused it
    std::size_t serial = 0;       // db's number for ScanScratch::fit()
    void compile();
  };
  std::vector<std::unique_ptr<Pattern>> patterns;  // per rule; null: not filtered

  ~Impl() {
    for (auto& p : patterns) {
      if (p) hs_free_database(p->db);
    }
  }
};

namespace {

std::vector<const RelaxedPattern*> pointers(const std::vector<std::optional<RelaxedPattern>>& relaxed) {
  std::vector<const RelaxedPattern*> out;
  for (const auto& r : relaxed) out.push_back(r ? &*r : nullptr);
  return out;
}

std::vector<std::optional<RelaxedPattern>> relax_all(const std::vector<std::string>& patterns) {
  std::vector<std::optional<RelaxedPattern>> out(patterns.size());
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    RelaxedPattern r;
    if (!patterns[i].empty() && relax_pattern(patterns[i], &r)) out[i] = std::move(r);
  }
  return out;
}

}  // namespace

RegexPrefilter::RegexPrefilter(const std::vector<std::string>& patterns, Compile when)
    : RegexPrefilter(pointers(relax_all(patterns)), when) {}

RegexPrefilter::RegexPrefilter(const std::vector<const RelaxedPattern*>& relaxed, Compile when)
    : impl_(std::make_unique<Impl>()) {
  for (const RelaxedPattern* r : relaxed) {
    impl_->patterns.emplace_back();
    // Boost tries an anchored regex at one position only: cheap enough alone.
    if (!r || r->anchored) continue;
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(r->text.c_str(), kFlags, &info, &error) != HS_SUCCESS) {
      hs_free_compile_error(error);
      continue;
    }
    auto p = std::make_unique<Impl::Pattern>();
    p->text = r->text;
    p->max_width = r->max_width;
    // A pattern ending in $ counts as unordered, but its one end is the text's end.
    p->ordered = !info->unordered_matches || info->matches_only_at_eod;
    p->at_end = info->matches_only_at_eod;
    std::free(info);
    if (when == Compile::kNow) p->compiled.ensure([q = p.get()] { q->compile(); });
    impl_->patterns.back() = std::move(p);
  }
}

RegexPrefilter::~RegexPrefilter() = default;

bool RegexPrefilter::filters(std::size_t rule) const { return impl_->patterns[rule] != nullptr; }

void RegexPrefilter::Impl::Pattern::compile() {
  serial = new_database_serial();
  hs_compile_error_t* error = nullptr;
  // Matching at the end only, the one match reported can tell where the
  // leftmost match starts, so that Boost need not try every position
  // before it. Hyperscan gives starts only without prefiltering, which the
  // relaxed pattern can mostly do without.
  if (at_end && hs_compile(text.c_str(), HS_FLAG_SOM_LEFTMOST, HS_MODE_BLOCK, nullptr, &db, &error) ==
                       HS_SUCCESS) {
    leftmost = true;
    return;
  }
  hs_free_compile_error(error);
  error = nullptr;
  if (hs_compile(text.c_str(), kFlags, HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    db = nullptr;
  }
}

std::uint32_t RegexPrefilter::start(std::size_t rule, std::string_view text, ScanScratch* scratch) const {
  Impl::Pattern* p = impl_->patterns[rule].get();
  if (!p || text.size() >= kNoMatch) return 0;
  p->compiled.ensure([p] { p->compile(); });
  if (!p->db) return 0;
  hs_scratch_t* space = scratch->fit(p->db, p->serial);
  if (!space) return 0;
  struct First {
    std::uint32_t from = kNoMatch, end = kNoMatch;
  } first;
  auto on_match = [](unsigned, unsigned long long from, unsigned long long to, unsigned, void* context) -> int {
    *static_cast<First*>(context) = {static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)};
    return 1;  // the first end is all we need
  };
  hs_error_t rc = hs_scan(p->db, text.data(), static_cast<unsigned>(text.size()), 0, space, on_match, &first);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) return 0;
  const std::uint32_t end = first.end;
  if (end == kNoMatch) return kNoMatch;
  if (p->leftmost) {
    // Every match Boost can find is a match of the relaxed pattern, and all
    // of those end here: none starts before the leftmost start reported.
    return static_cast<std::uint32_t>(char_start(text, first.from));
  }
  // Every match Boost can find ends where some match of the relaxed pattern
  // ends, so none starts more than max_width before the first end.
  if (!p->ordered) return 0;
  return static_cast<std::uint32_t>(tail_begin(text.substr(0, end), p->max_width));
}

}  // namespace normalize::internal
