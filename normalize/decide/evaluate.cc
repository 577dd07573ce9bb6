// RuleSet x Document -> Removals. Each pass decides, for every surviving
// block, whether a rule keeps it, removes it (alone, with the rest of the
// document, or with everything before it) or cuts spans out of it; passes
// repeat until nothing changes, so head/tail positions and neighbours are
// always those of the surviving text and clean(clean(x)) == clean(x).
// Knows nothing of input or output formats.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "normalize/text/canonical.h"
#include "normalize/decide/decide.h"
#include "normalize/decide/detect_language.h"
#include "normalize/decide/scratch.h"

namespace normalize::internal {
namespace {

constexpr int kNone = -1;

struct BlockState {
  struct Candidate {
    std::uint16_t rule;
    std::uint32_t start;  // where its regex search may start
  };
  std::vector<Candidate> candidates;  // rules that can match, in rule order
  int keep_static = kNone;            // first position-independent keep rule matched
  bool fresh = true;                  // text new or changed since the last pass
  NeedleMemo memo;                    // what the needle scan found near the start
};

struct Decision {
  int keep = kNone, remove = kNone, rest = kNone, before = kNone, section = kNone;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // in block text
  std::vector<int> span_rules;
};

}  // namespace

// What one thread's evaluations reuse from one document to the next (its
// part of the Scratch): a dump of small records would otherwise allocate all
// of it afresh for each (the vectors inside the block states and decisions
// too, as their elements stay).
struct EvaluatorBuffers {
  std::vector<BlockState> states, survivor_states;
  std::vector<Decision> decisions;
  BlockList survivors;
  std::vector<std::size_t> section_end;
  std::vector<std::size_t> pass_value;     // per rule, what its kind found this pass (RuleKind::begin_pass)
  std::vector<std::size_t> element_chars;  // text bytes of the blocks inside each element
  RuleHits hits{0};

  // A document of this many blocks or more leaves nothing behind: one huge
  // record must not keep its memory for the rest of the run.
  static constexpr std::size_t kKeepUpTo = 4096;
  void release_if_large() {
    if (states.capacity() + survivor_states.capacity() + decisions.capacity() <= 3 * kKeepUpTo) return;
    *this = EvaluatorBuffers();
  }
};

Scratch::Scratch() : evaluator(std::make_unique<EvaluatorBuffers>()) {}
Scratch::~Scratch() = default;

namespace {

class Evaluator {
 public:
  Evaluator(const RuleSet& rules, std::string_view input, const Tuning& tuning, LanguageGate* lang,
            const Document& doc, Decisions* decisions, std::vector<Warning>* warnings, Scratch* scratch)
      : rules_(rules),
        scan_(scratch->scan),
        regex_(scratch->regex),
        input_(input),
        tuning_(tuning),
        lang_(lang),
        elements_(doc.elements),
        nfkc_(doc.nfkc),
        out_(decisions),
        warnings_(warnings),
        element_chars_(scratch->evaluator->element_chars),
        hits_(scratch->evaluator->hits),
        pass_value_(scratch->evaluator->pass_value),
        decisions_(scratch->evaluator->decisions),
        section_end_(scratch->evaluator->section_end),
        survivors_(scratch->evaluator->survivors),
        survivor_states_(scratch->evaluator->survivor_states) {
    hits_.reset(rules.needles().slots());
    if (!rules.per_pass().empty()) pass_value_.assign(rules.rules().size(), 0);
    // Elements sized by the text of the blocks as they come in (the guard of
    // selector rules).
    element_chars_.assign(elements_.size(), 0);
    for (const Block* b : decisions->kept) {
      total_chars_ += b->text.size();
      if (b->element >= 0 && static_cast<std::size_t>(b->element) < elements_.size()) {
        element_chars_[b->element] += b->text.size();
      }
    }
    for (std::size_t e = elements_.size(); e-- > 0;) {
      if (elements_[e].parent >= 0) element_chars_[elements_[e].parent] += element_chars_[e];
    }
  }

  // One pass; returns whether anything was removed.
  bool pass(std::vector<BlockState>* states, bool first);

 private:
  void prepare(const Block& block, BlockState* state);
  bool applies(std::size_t r, const BlockList& blocks, std::size_t i);
  bool inside_selected(std::size_t r, int element);
  bool matches(std::size_t r, std::size_t start, const BlockList& blocks, std::size_t i, Decision* d);
  bool search(const Rule& rule, const Regex& re, std::string_view text, std::size_t from, std::size_t* b,
              std::size_t* e);
  void record(std::size_t rule, Action action, std::size_t begin, std::size_t end);

  const RuleSet& rules_;
  ScanScratch& scan_;    // Hyperscan's space, for both prefilters
  RegexScratch& regex_;  // Boost's match results
  std::string_view input_;
  const Tuning& tuning_;
  LanguageGate* lang_;  // which packs run on the document
  const std::vector<DomElement>& elements_;
  bool nfkc_;  // the Document's canonical form, which cut blocks get too
  Decisions* out_;
  std::vector<Warning>* warnings_;
  // Per selector rule, per element: 0 unknown, 1 inside a match, 2 not.
  std::vector<std::vector<unsigned char>> inside_;
  // Text bytes of the blocks inside each element, and of all blocks.
  std::vector<std::size_t>& element_chars_;
  std::size_t total_chars_ = 0;
  std::set<const Rule*> warned_;
  RuleHits& hits_;
  // Detectors' access to the regex search with its error handling.
  ParamSearch param_ = [this](const Rule& rule, const Regex& re, std::string_view text) {
    std::size_t b, e;
    return search(rule, re, text, 0, &b, &e);
  };
  std::vector<std::size_t>& pass_value_;
  std::map<std::size_t, std::size_t> removed_;  // source intervals already recorded
  // Storage each pass reuses (Scratch).
  std::vector<Decision>& decisions_;
  std::vector<std::size_t>& section_end_;
  BlockList& survivors_;
  std::vector<BlockState>& survivor_states_;
};

// What of a rule's conditions the block alone decides (its kind, words and
// links), which holds until its text changes.
bool fits(const Rule& rule, const Block& b) {
  if (b.kind == BlockKind::kCode || !rule.per_block()) return false;  // code is never touched by rules
  if (rule.needs_html() && b.element < 0) return false;
  if (rule.kinds != 0 && !(rule.kinds & (1u << static_cast<unsigned>(b.kind)))) return false;
  if (rule.links_only != -1 && b.links_only != (rule.links_only == 1)) return false;
  if (rule.min_link_density > 0.0 || rule.max_link_density < 1.0) {
    double d = b.link_density();
    if (d < rule.min_link_density || d > rule.max_link_density) return false;
  }
  return b.words >= rule.min_words && b.words <= rule.max_words;
}

void Evaluator::prepare(const Block& block, BlockState* state) {
  const auto& rules = rules_.rules();
  state->candidates.clear();
  state->keep_static = kNone;
  if (!tuning_.use_prefilter) {
    for (std::size_t r = 0; r < rules.size(); ++r) {
      if (!fits(*rules[r], block)) continue;
      state->candidates.push_back({static_cast<std::uint16_t>(r), 0});
    }
    return;
  }
  rules_.needles().scan(block.text, block.kind, block.words, block.element >= 0, &hits_, &scan_, &state->memo);
  const RegexPrefilter& regex = rules_.regex_prefilter();
  for (std::uint32_t r : hits_.list()) {
    if (!fits(*rules[r], block)) continue;
    // A regex anchored at one end matches near it: Hyperscan looks there
    // only, and Boost's search starts there.
    std::size_t offset;
    std::string_view text = rules_.needles().reach(r).window(block.text, &offset);
    std::uint32_t start = regex.filters(r) ? regex.start(r, text, &scan_) : 0;
    if (start == RegexPrefilter::kNoMatch) continue;
    start += static_cast<std::uint32_t>(offset);
    state->candidates.push_back({static_cast<std::uint16_t>(r), start});
  }
  hits_.clear();
}

// Whether the element or one of its ancestors matches rule r's selector.
bool Evaluator::inside_selected(std::size_t r, int element) {
  if (inside_.size() <= r) inside_.resize(rules_.rules().size());
  std::vector<unsigned char>& memo = inside_[r];
  if (memo.empty()) memo.assign(elements_.size(), 0);
  const Selector& selector = rules_.rules()[r]->selector;
  std::vector<int> path;  // elements not yet decided, innermost first
  int e = element;
  while (e >= 0 && memo[e] == 0) {
    path.push_back(e);
    e = elements_[e].parent;
  }
  bool inside = e >= 0 && memo[e] == 1;
  for (std::size_t k = path.size(); k-- > 0;) {
    // An element holding most of the text is the article, whatever its
    // class says (a post tagged "share" carries class="tag-share").
    inside = inside || (2 * element_chars_[path[k]] <= total_chars_ && selector.matches(elements_, path[k]));
    memo[path[k]] = inside ? 1 : 2;
  }
  return memo[element] == 1;
}

bool Evaluator::applies(std::size_t r, const BlockList& blocks, std::size_t i) {
  const Rule& rule = *rules_.rules()[r];
  const Block& b = *blocks[i];  // its own conditions were checked when it became a candidate (fits)
  if (!rule.selector.empty()) {
    if (b.element < 0 || static_cast<std::size_t>(b.element) >= elements_.size()) return false;
    if (!inside_selected(r, b.element)) return false;
  }
  if (rule.position == Position::kHead) return i < rule.window;
  if (rule.position == Position::kTail) return i + rule.window >= blocks.size();
  return true;
}

bool Evaluator::search(const Rule& rule, const Regex& re, std::string_view text, std::size_t from, std::size_t* b,
                       std::size_t* e) {
  std::string error;
  switch (re.search(text, from, b, e, &error, &regex_)) {
    case Regex::Outcome::kMatch: return true;
    case Regex::Outcome::kNoMatch: return false;
    case Regex::Outcome::kError: break;
  }
  if (warned_.insert(&rule).second) {  // one warning per rule and document
    warnings_->push_back({"regex-error", 0,
                          "rule " + rule.id + ": " + error + "; the text it was matching is kept"});
  }
  return false;
}

// `start`: no match of the rule's regex begins before it. A rule of another
// language's pack than English asks whether it runs on the document only
// once it matched (language detection is dear, and such matches are rare).
bool Evaluator::matches(std::size_t r, std::size_t start, const BlockList& blocks, std::size_t i,
                        Decision* d) {
  const Rule& rule = *rules_.rules()[r];
  if (!applies(r, blocks, i)) return false;
  const std::string& text = blocks[i]->text;
  std::size_t b = 0, e = 0;
  if (rule.kind) {
    return rule.kind->matches(rule, blocks, elements_, i, rule.kind->per_pass() ? pass_value_[r] : 0, param_) &&
           lang_->runs(r);
  }
  if (rule.pattern.empty()) return lang_->runs(r);  // a selector alone
  if (rule.action != Action::kRemoveSpan) return search(rule, rule.regex, text, start, &b, &e) && lang_->runs(r);
  // Raw HTML is written back whole, so a cut inside it could not be shown:
  // it may go as a block, never in part.
  if (blocks[i]->kind == BlockKind::kHtml) return false;
  bool any = false;
  std::size_t from = start;
  const auto& guarded = blocks[i]->protected_spans;
  auto cuts_protected = [&](std::size_t cb, std::size_t ce) {
    if (guarded.empty()) return false;
    const Block& blk = *blocks[i];
    std::size_t sb = blk.map.source_begin(cb), se = blk.map.source_end(ce);
    for (const auto& [pb, pe] : guarded) {
      if (pb < se && sb < pe) return true;
    }
    return false;
  };
  while (from <= text.size() && search(rule, rule.regex, text, from, &b, &e)) {
    if (e > b && cuts_protected(b, e)) {
      from = e;  // a cut into inline code is not made
    } else if (e > b) {
      if (!any && !lang_->runs(r)) return false;
      d->spans.emplace_back(b, e);
      d->span_rules.push_back(static_cast<int>(r));
      any = true;
      from = e;
    } else {  // empty match: step over one character
      from = next_char_start(text, b + 1);
    }
    if (from >= text.size()) break;
  }
  return any;
}

void Evaluator::record(std::size_t rule, Action action, std::size_t begin, std::size_t end) {
  auto is_space = [this](std::size_t i) {
    char c = input_[i];
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
  };
  auto emit = [&](std::size_t a, std::size_t b) {
    while (a < b && is_space(a)) ++a;
    while (b > a && is_space(b - 1)) --b;
    if (a >= b) return;
    const Rule& r = *rules_.rules()[rule];
    out_->cuts.push_back({r.id, r.category, action_name(action), a, b});
  };
  // Emit only the parts of [begin, end) no earlier removal covers.
  std::size_t pos = begin;
  auto it = removed_.upper_bound(begin);
  if (it != removed_.begin() && std::prev(it)->second > begin) --it;
  for (; it != removed_.end() && it->first < end; ++it) {
    if (it->first > pos) emit(pos, it->first);
    pos = std::max(pos, it->second);
  }
  if (pos < end) emit(pos, end);
  // Merge [begin, end) into the covered set.
  std::size_t lo = begin, hi = end;
  auto first = removed_.upper_bound(begin);
  if (first != removed_.begin() && std::prev(first)->second >= begin) --first;
  auto last = first;
  while (last != removed_.end() && last->first <= end) {
    lo = std::min(lo, last->first);
    hi = std::max(hi, last->second);
    ++last;
  }
  removed_.erase(first, last);
  removed_.emplace(lo, hi);
}

bool Evaluator::pass(std::vector<BlockState>* states, bool first) {
  BlockList& blocks = out_->kept;
  const auto& rules = rules_.rules();
  const std::size_t n = blocks.size();
  for (std::size_t r : rules_.per_pass()) {
    pass_value_[r] = rules[r]->kind->begin_pass(*rules[r], blocks, elements_, param_);
  }

  std::vector<Decision>& decisions = decisions_;
  decisions.assign(n, Decision{});
  for (std::size_t i = 0; i < n; ++i) {
    BlockState& st = (*states)[i];
    bool fresh = first || st.fresh;
    if (fresh) prepare(*blocks[i], &st);
    Decision& d = decisions[i];
    int keep_moving = kNone;
    for (const BlockState::Candidate& candidate : st.candidates) {
      std::uint16_t r = candidate.rule;
      if (!fresh && !rules_.moves(r)) continue;
      const Rule& rule = *rules[r];
      if (rule.action == Action::kKeep && (st.keep_static != kNone || keep_moving != kNone)) continue;
      if (!matches(r, candidate.start, blocks, i, &d)) continue;
      switch (rule.action) {
        case Action::kKeep: (rules_.moves(r) ? keep_moving : st.keep_static) = r; break;
        case Action::kRemove: if (d.remove == kNone) d.remove = r; break;
        case Action::kRemoveRest: if (d.rest == kNone) d.rest = r; break;
        case Action::kRemoveBefore: if (d.before == kNone) d.before = r; break;
        case Action::kRemoveSection: if (d.section == kNone) d.section = r; break;
        case Action::kRemoveSpan: break;  // matches() collected the spans
      }
    }
    st.fresh = false;
    d.keep = st.keep_static != kNone ? st.keep_static : keep_moving;
  }

  std::size_t rest_from = n, before_to = n;  // before_to == n: none
  for (std::size_t i = 0; i < n && rest_from == n; ++i) {
    if (decisions[i].rest != kNone && decisions[i].keep == kNone) rest_from = i;
  }
  for (std::size_t i = n; i-- > 0 && before_to == n;) {
    if (decisions[i].before != kNone && decisions[i].keep == kNone) before_to = i;
  }

  // A section runs from its heading to the next heading of the same or a
  // higher level. In HTML it also ends with the element that holds the
  // heading and what follows it: a "Related" box inside an article (heading
  // and list in an aside or div) takes the list, not the story after the box.
  std::vector<std::size_t>& section_end = section_end_;
  section_end.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (decisions[i].section == kNone || decisions[i].keep != kNone) continue;
    // HTML: the section's blocks lie in elements [lo, hi).
    int lo = -1, hi = -1;
    const int heading = blocks[i]->element;
    if (heading >= 0 && static_cast<std::size_t>(heading) < elements_.size()) {
      // The nearest element around the heading that holds more than it
      // (read as the page was, whatever rules removed since).
      int child = heading, box = elements_[heading].parent;
      while (box >= 0 && elements_[box].end <= elements_[heading].end) {
        child = box;
        box = elements_[box].parent;
      }
      if (box >= 0) {
        lo = box;
        hi = elements_[box].end;
        // In flat markup (heading, list and story paragraphs side by side)
        // a list right after the heading is the section.
        const int next = elements_[child].end;
        if (next < hi && elements_[next].parent == box && (elements_[next].tag == "ul" || elements_[next].tag == "ol")) {
          lo = child;
          hi = elements_[next].end;
        }
      }
    }
    std::size_t j = i + 1;
    while (j < n && !(blocks[j]->kind == BlockKind::kHeading && blocks[j]->level <= blocks[i]->level) &&
           (lo < 0 || (blocks[j]->element >= lo && blocks[j]->element < hi))) {
      ++j;
    }
    section_end[i] = j;
  }
  std::size_t section_until = 0;
  int section_rule = kNone;

  bool changed = false;
  BlockList& survivors = survivors_;
  std::vector<BlockState>& survivor_states = survivor_states_;
  survivors.clear();
  survivor_states.clear();
  survivors.reserve(n);
  survivor_states.reserve(n);
  std::size_t i = 0;
  while (i < n) {
    Decision& d = decisions[i];
    if (section_end[i] > section_until) {
      section_until = section_end[i];
      section_rule = d.section;
    }
    if (d.keep != kNone) {
      out_->held.push_back(blocks[i]->index);
      survivors.push_back(blocks[i]);
      survivor_states.push_back(std::move((*states)[i]));
      ++i;
      continue;
    }
    // Whole-block removals: a run of blocks under one remove-rest/-before rule is one record.
    int rule = kNone;
    Action action = Action::kRemove;
    if (i >= rest_from && rest_from < n) {
      rule = decisions[rest_from].rest;
      action = Action::kRemoveRest;
    } else if (before_to < n && i <= before_to) {
      rule = decisions[before_to].before;
      action = Action::kRemoveBefore;
    } else if (i < section_until) {
      rule = section_rule;
      action = Action::kRemoveSection;
    } else if (d.remove != kNone) {
      rule = d.remove;
    }
    if (rule != kNone) {
      std::size_t j = i + 1;
      if (action != Action::kRemove) {
        std::size_t limit = action == Action::kRemoveRest     ? n
                            : action == Action::kRemoveBefore ? before_to + 1
                                                              : section_until;
        while (j < limit && decisions[j].keep == kNone) {
          if (action == Action::kRemoveSection && section_end[j] > section_until) section_until = section_end[j];
          ++j;
        }
      }
      // One record per stretch of the page: blocks out of page order (a
      // JSON-LD body after the title) start a new one.
      for (std::size_t from = i, k = i + 1; k <= j; ++k) {
        if (k < j && blocks[k]->span_begin() >= blocks[from]->span_begin()) continue;
        record(static_cast<std::size_t>(rule), action, blocks[from]->span_begin(), blocks[k - 1]->span_end());
        from = k;
      }
      changed = true;
      i = j;
      continue;
    }
    if (d.spans.empty()) {
      survivors.push_back(blocks[i]);
      survivor_states.push_back(std::move((*states)[i]));
      ++i;
      continue;
    }
    // Cut spans: merge overlaps, record each, rebuild the block from what is left.
    std::size_t merged = 0, first_cut = 0;  // spans after merging; where the first begins
    std::vector<std::size_t> order(d.spans.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return d.spans[a] < d.spans[b]; });
    const Block& block = *blocks[i];
    std::string kept_text;
    OffsetMap kept_map;
    std::size_t pos = 0;
    for (std::size_t k = 0; k < order.size();) {
      auto [b, e] = d.spans[order[k]];
      int span_rule = d.span_rules[order[k]];
      for (++k; k < order.size() && d.spans[order[k]].first < e; ++k) e = std::max(e, d.spans[order[k]].second);
      if (merged++ == 0) first_cut = b;
      record(static_cast<std::size_t>(span_rule), Action::kRemoveSpan, block.map.source_begin(b),
             block.map.source_end(e));
      if (b > pos) {
        kept_text.append(block.text, pos, b - pos);
        kept_map.append_slice(block.map, pos, b);
        kept_text.push_back(' ');  // a cut joins its neighbours with a space; canonicalising folds extras
        kept_map.append_replaced(1, block.map.source_begin(b), block.map.source_end(e));
      }
      pos = e;
    }
    const bool cut_at_end = merged == 1 && pos == block.text.size();
    kept_text.append(block.text, pos, std::string::npos);
    kept_map.append_slice(block.map, pos, block.text.size());
    changed = true;
    // Everything known about where the block came from stays; only its text
    // and map are rebuilt from what is left.
    Block& rebuilt = out_->made.emplace_back(block);
    canonicalize_mapped(kept_text, kept_map, nfkc_, &rebuilt, nullptr);
    rebuilt.link_chars = std::min(rebuilt.link_chars, rebuilt.text.size());
    if (rebuilt.text.empty()) {
      out_->made.pop_back();
    } else {
      BlockState& state = survivor_states.emplace_back();  // fresh
      // Cut at its end only, the block keeps a prefix of its text: what the
      // needle scan found near the start still holds.
      if (cut_at_end && rebuilt.text.size() <= first_cut &&
          kept_text.compare(0, rebuilt.text.size(), rebuilt.text) == 0) {
        state.memo = std::move((*states)[i].memo);
        state.memo.text_is_prefix = true;
      }
      survivors.push_back(&rebuilt);
    }
    ++i;
  }
  blocks.swap(survivors);
  states->swap(survivor_states);
  return changed;
}

}  // namespace

void evaluate(const RuleSet& rules, std::string_view input, const Tuning& tuning, int max_passes,
              const Document& doc, Decisions* decisions, std::vector<Warning>* warnings, LanguageGate* lang,
              Scratch* scratch) {
  if (rules.rules().empty() || decisions->kept.empty()) return;
  Evaluator evaluator(rules, input, tuning, lang, doc, decisions, warnings, scratch);
  std::vector<BlockState>& states = scratch->evaluator->states;
  // States left by the last document keep their vectors' storage; the first
  // pass prepares every block, so only what it reads must start afresh.
  states.resize(decisions->kept.size());
  for (BlockState& st : states) st.memo.text_is_prefix = false;
  bool changed = true;
  for (int pass = 0; pass < max_passes && changed; ++pass) {
    changed = evaluator.pass(&states, pass == 0);
  }
  scratch->evaluator->release_if_large();
  if (changed) {
    warnings->push_back({"no-fixpoint", 0,
                         "rules still removed text after " + std::to_string(max_passes) +
                             " passes; output may change if cleaned again"});
  }
}

}  // namespace normalize::internal
