// The regex prefilter over Hyperscan: one block-mode database of the relaxed
// regexes; a scan records where each one's first match ended. The only file
// that knows Hyperscan.
#include "normalize/regex_prefilter.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

namespace normalize::internal {

struct RegexPrefilter::Impl {
  struct Pattern {
    std::string text;
    std::size_t rule;
    std::size_t max_width;
    bool ordered = true;  // the first match reported has the first end
  };
  std::size_t rules = 0;
  std::vector<Pattern> patterns;  // by Hyperscan id; fixed once compiled
  bool any = false;               // whether there was a pattern to compile (never changes)
  std::vector<unsigned char> filtered;
  std::once_flag compiled;
  hs_database_t* db = nullptr;
  hs_scratch_t* prototype = nullptr;
  std::mutex mutex;
  std::vector<hs_scratch_t*> pool;

  ~Impl() {
    for (hs_scratch_t* s : pool) hs_free_scratch(s);
    hs_free_scratch(prototype);
    hs_free_database(db);
  }

  // An expression Hyperscan refuses is left out (its rule goes unfiltered)
  // and the rest compiled again; a database that cannot be built filters none.
  void compile() {
    const unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH;
    while (!patterns.empty()) {
      std::vector<const char*> texts;
      std::vector<unsigned> flags, ids;
      for (std::size_t i = 0; i < patterns.size(); ++i) {
        texts.push_back(patterns[i].text.c_str());
        flags.push_back(kFlags);
        ids.push_back(static_cast<unsigned>(i));
      }
      hs_compile_error_t* error = nullptr;
      if (hs_compile_multi(texts.data(), flags.data(), ids.data(), static_cast<unsigned>(texts.size()),
                           HS_MODE_BLOCK, nullptr, &db, &error) == HS_SUCCESS) {
        break;
      }
      int bad = error ? error->expression : -1;
      hs_free_compile_error(error);
      db = nullptr;
      if (bad < 0 || static_cast<std::size_t>(bad) >= patterns.size()) patterns.clear();
      else patterns.erase(patterns.begin() + bad);
    }
    if (db && hs_alloc_scratch(db, &prototype) != HS_SUCCESS) {
      hs_free_database(db);
      db = nullptr;
    }
    if (!db) patterns.clear();
    std::fill(filtered.begin(), filtered.end(), 0);
    for (const Pattern& p : patterns) filtered[p.rule] = 1;
  }
};

RegexPrefilter::RegexPrefilter(const std::vector<std::string>& patterns) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.rules = patterns.size();
  m.filtered.assign(patterns.size(), 0);
  for (std::size_t r = 0; r < patterns.size(); ++r) {
    // Boost tries an anchored regex at one position only: cheap enough alone.
    RelaxedPattern relaxed;
    if (patterns[r].empty() || !relax_pattern(patterns[r], &relaxed) || relaxed.anchored) continue;
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(relaxed.text.c_str(), HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH, &info, &error) !=
        HS_SUCCESS) {
      hs_free_compile_error(error);
      continue;
    }
    // A pattern ending in $ counts as unordered, but its one end is the text's end.
    bool ordered = !info->unordered_matches || info->matches_only_at_eod;
    m.patterns.push_back({std::move(relaxed.text), r, relaxed.max_width, ordered});
    std::free(info);
    m.filtered[r] = 1;
  }
  m.any = !m.patterns.empty();
}

RegexPrefilter::~RegexPrefilter() = default;

bool RegexPrefilter::filters(std::size_t rule) const { return impl_->filtered[rule] != 0; }

RegexPrefilter::Scratch::Scratch(const RegexPrefilter& prefilter) : prefilter_(prefilter) {
  Impl& m = *prefilter.impl_;
  if (!m.any) return;
  std::call_once(m.compiled, [&m] { m.compile(); });
  if (!m.db) return;
  std::lock_guard<std::mutex> lock(m.mutex);
  if (!m.pool.empty()) {
    space_ = m.pool.back();
    m.pool.pop_back();
    return;
  }
  hs_scratch_t* s = nullptr;
  if (hs_clone_scratch(m.prototype, &s) == HS_SUCCESS) space_ = s;
}

RegexPrefilter::Scratch::~Scratch() {
  if (!space_) return;
  Impl& m = *prefilter_.impl_;
  std::lock_guard<std::mutex> lock(m.mutex);
  m.pool.push_back(static_cast<hs_scratch_t*>(space_));
}

void RegexPrefilter::scan(std::string_view text, Scratch* scratch, std::vector<std::uint32_t>* from) const {
  const Impl& m = *impl_;
  from->assign(m.rules, 0);
  if (!scratch->space_ || text.size() >= kNoMatch) return;  // unfiltered
  std::vector<std::uint32_t>& first_end = scratch->first_end_;
  first_end.assign(m.rules, kNoMatch);
  struct ScanState {
    const std::vector<Impl::Pattern>* patterns;
    std::vector<std::uint32_t>* first_end;
  } state{&m.patterns, &first_end};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* context) -> int {
    auto* s = static_cast<ScanState*>(context);
    auto& end = (*s->first_end)[(*s->patterns)[id].rule];
    end = std::min(end, static_cast<std::uint32_t>(to));
    return 0;
  };
  if (hs_scan(m.db, text.data(), static_cast<unsigned>(text.size()), 0, static_cast<hs_scratch_t*>(scratch->space_),
              on_match, &state) != HS_SUCCESS) {
    return;
  }
  for (const Impl::Pattern& p : m.patterns) {
    std::uint32_t end = first_end[p.rule];
    if (end == kNoMatch) {
      (*from)[p.rule] = kNoMatch;
      continue;
    }
    // Every match Boost can find ends where some match of the relaxed
    // pattern ends, so none starts more than max_width before the first end.
    if (!p.ordered || p.max_width >= end) continue;  // also when unbounded
    std::size_t start = end - p.max_width;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    (*from)[p.rule] = static_cast<std::uint32_t>(start);
  }
}

}  // namespace normalize::internal
