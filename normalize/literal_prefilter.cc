// Needles compiled into one Hyperscan literal database (caseless, one report
// per needle and scan); each thread grows one scratch space to fit every
// database it scans with.
#include "normalize/literal_prefilter.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>

namespace normalize::internal {
namespace {

std::atomic<std::size_t> next_serial{1};

struct ThreadScratch {
  hs_scratch_t* space = nullptr;
  std::vector<unsigned char> fits;  // per database serial
  ~ThreadScratch() { hs_free_scratch(space); }
};
thread_local ThreadScratch scratch;

struct Context {
  const std::vector<std::vector<std::uint32_t>>* rules;
  RuleHits* hits;
};

}  // namespace

LiteralPrefilter::~LiteralPrefilter() { hs_free_database(db_); }

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

void LiteralPrefilter::build() {
  if (needles_.empty()) return;
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
  serial_ = next_serial++;
}

void LiteralPrefilter::scan(std::string_view text, RuleHits* hits) const {
  if (needles_.empty()) return;
  auto all = [&] {
    for (const auto& rules : rules_) {
      for (std::uint32_t r : rules) hits->add(r);
    }
  };
  if (!db_ || text.size() > UINT32_MAX) return all();  // the superset: every rule may match
  if (scratch.fits.size() <= serial_) scratch.fits.resize(serial_ + 1, 0);
  if (!scratch.fits[serial_]) {
    if (hs_alloc_scratch(db_, &scratch.space) != HS_SUCCESS) return all();
    scratch.fits[serial_] = 1;
  }
  Context context{&rules_, hits};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* c) -> int {
    auto* ctx = static_cast<Context*>(c);
    for (std::uint32_t r : (*ctx->rules)[id]) ctx->hits->add(r);
    return 0;
  };
  if (hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch.space, on_match, &context) !=
      HS_SUCCESS) {
    all();
  }
}

}  // namespace normalize::internal
