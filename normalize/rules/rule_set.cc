// The compiled RuleSet: rules in order, the prefilters over their needles and
// regexes, and the needle derivation that reads a regex's required literals.
#include <algorithm>
#include <optional>
#include <string>

#include "normalize/rules/kinds/whole_document.h"
#include "normalize/rules/rule.h"

namespace normalize::internal {

std::string_view action_name(Action a) {
  switch (a) {
    case Action::kRemove: return "remove";
    case Action::kRemoveSpan: return "remove-span";
    case Action::kRemoveRest: return "remove-rest";
    case Action::kRemoveBefore: return "remove-before";
    case Action::kRemoveSection: return "remove-section";
    case Action::kKeep: return "keep";
  }
  return "?";
}

std::string_view kind_name(BlockKind k) {
  switch (k) {
    case BlockKind::kParagraph: return "paragraph";
    case BlockKind::kHeading: return "heading";
    case BlockKind::kListItem: return "list-item";
    case BlockKind::kQuote: return "quote";
    case BlockKind::kCode: return "code";
    case BlockKind::kTable: return "table";
    case BlockKind::kCaption: return "caption";
    case BlockKind::kSeparator: return "separator";
    case BlockKind::kHtml: return "html";
  }
  return "?";
}

namespace {

// Declared needles this short give way to longer derived ones in the scan.
constexpr std::size_t kShortNeedle = 3;

std::size_t shortest(const std::vector<std::string>& v) {
  std::size_t m = v.empty() ? 0 : std::string::npos;
  for (const std::string& s : v) m = std::min(m, s.size());
  return m;
}

// What the needle index needs to know of a rule.
NeedleRule needle_rule(const Rule& r, const RelaxedPattern* relaxed) {
  NeedleRule n;
  n.kinds = r.kinds;
  n.needs_element = r.needs_html();
  n.min_words = r.min_words;
  n.max_words = r.max_words;
  if (!r.per_block()) {  // no block is ever its candidate
    n.min_words = static_cast<std::size_t>(-1);
    n.max_words = 0;
  }
  if (!r.is_pattern()) return n;
  n.needles = r.needles;
  if (relaxed) n.reach = rule_reach(*relaxed);
  // Declared needles say where the rule may run. When they are very short
  // ('by', 'is'), the pattern's own required literals, if longer, are what the
  // scan looks for, and the declared ones are then only confirmed. Longer
  // declared needles stay: length is no sure sign of rarity (". it was " is
  // longer than "had no" and far more common).
  if (!r.needles.empty() && shortest(r.needles) <= kShortNeedle) {
    std::vector<std::string> derived = derive_needles(r.pattern);
    if (shortest(derived) > shortest(r.needles)) {
      n.confirm = std::move(n.needles);
      n.needles = std::move(derived);
    }
  }
  return n;
}

}  // namespace

RuleSet::RuleSet(std::vector<RulePtr> rules, Compile when) : rules_(std::move(rules)) {
  // Each regex relaxed once, for both the needle windows and Hyperscan.
  std::vector<std::optional<RelaxedPattern>> relaxed(rules_.size());
  std::vector<const RelaxedPattern*> relaxed_or_null;
  std::vector<NeedleRule> needles;
  for (const RulePtr& rule : rules_) {
    const Rule& r = *rule;
    moves_.push_back(r.position != Position::kAny || !r.is_pattern());
    if (r.kind && r.kind->per_pass()) per_pass_.push_back(moves_.size() - 1);
    // The whole-document kinds' rules, each in the slot of its part.
    const Rule** slot = nullptr;
    if (r.kind == &structure_kind()) {
      const std::string& part = static_cast<const StructureParams&>(*r.params).part;
      slot = part == "stray-break" ? &structure_.stray_break : &structure_.empty_section;
    } else if (r.kind == &main_content_kind()) {
      const std::string& part = static_cast<const MainContentParams&>(*r.params).part;
      slot = part == "outside"      ? &main_content_.outside
             : part == "hidden"     ? &main_content_.hidden
             : part == "caption"    ? &main_content_.caption
             : part == "link-block" ? &main_content_.link_block
                                    : &main_content_.empty_section;
    }
    if (slot && !*slot) *slot = &r;  // the first rule of a part decides
    std::optional<RelaxedPattern>& relax = relaxed[needles.size()];
    if (RelaxedPattern p; r.is_pattern() && !r.pattern.empty() && relax_pattern(r.pattern, &p)) {
      relax = std::move(p);
    }
    relaxed_or_null.push_back(relax ? &*relax : nullptr);
    needles.push_back(needle_rule(r, relax ? &*relax : nullptr));
    if (is_neutral(r.lang)) {
      lang_of_.push_back(kNeutral);
    } else {
      auto it = std::find(languages_.begin(), languages_.end(), r.lang);
      if (it == languages_.end()) it = languages_.insert(it, r.lang);
      lang_of_.push_back(static_cast<std::uint16_t>(it - languages_.begin() + 1));
    }
  }
  if (std::uint16_t en = language(kEverywhere); en != kAllLanguages) everywhere_ = en;
  needles_ = std::make_unique<NeedleIndex>(std::move(needles), when);
  regex_prefilter_ = std::make_unique<RegexPrefilter>(relaxed_or_null, when);
}

std::uint16_t RuleSet::language(std::string_view lang) const {
  for (std::size_t i = 0; i < languages_.size(); ++i) {
    if (languages_[i] == lang) return static_cast<std::uint16_t>(i + 1);
  }
  return kAllLanguages;
}

namespace {

// A requirement: at least one of these literals occurs in every match.
struct Needles {
  std::vector<std::string> any;
  std::size_t strength() const {
    if (any.empty()) return 0;
    std::size_t m = any[0].size();
    for (const auto& s : any) m = std::min(m, s.size());
    return m;
  }
};

constexpr std::size_t kMinNeedle = 3;

class NeedleParser {
 public:
  explicit NeedleParser(std::string_view p) : p_(p) {}

  // alternatives := sequence ('|' sequence)*
  Needles alternatives(int depth) {
    Needles all;
    bool ok = true;
    while (true) {
      Needles n = sequence(depth);
      if (n.strength() < kMinNeedle) ok = false;
      all.any.insert(all.any.end(), n.any.begin(), n.any.end());
      if (i_ < p_.size() && p_[i_] == '|') {
        ++i_;
        continue;
      }
      break;
    }
    if (!ok) all.any.clear();
    std::sort(all.any.begin(), all.any.end());
    all.any.erase(std::unique(all.any.begin(), all.any.end()), all.any.end());
    return all;
  }

 private:
  Needles sequence(int depth) {
    Needles best;
    std::string run;
    auto consider = [&](Needles n) {
      if (n.strength() > best.strength() ||
          (n.strength() == best.strength() && !n.any.empty() && n.any.size() < best.any.size())) {
        best = std::move(n);
      }
    };
    auto end_run = [&] {
      if (!run.empty()) consider(Needles{{run}});
      run.clear();
    };
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      char c = p_[i_];
      std::size_t atom_start = run.size();
      bool literal = false;
      Needles group;
      bool has_group = false;
      if (c == '\\') {
        char e = i_ + 1 < p_.size() ? p_[i_ + 1] : '\0';
        i_ += 2;
        if (e == 'p' || e == 'P') skip_braces();
        if (e != '\0' && !std::isalnum(static_cast<unsigned char>(e)) && static_cast<unsigned char>(e) < 0x80) {
          run.push_back(e);
          literal = true;
        } else {
          end_run();
        }
      } else if (c == '[') {
        skip_class();
        end_run();
      } else if (c == '(') {
        ++i_;
        end_run();
        if (p_.substr(i_, 1) == "?") {
          if (p_.substr(i_, 2) == "?:") {
            i_ += 2;
            has_group = true;
          } else if (p_.substr(i_, 2) == "?<" && p_.substr(i_, 3) != "?<=" && p_.substr(i_, 3) != "?<!") {
            i_ = p_.find('>', i_);
            i_ = i_ == std::string_view::npos ? p_.size() : i_ + 1;
            has_group = true;
          } else if (std::size_t colon = scoped_flags_end(); colon != std::string_view::npos) {
            i_ = colon + 1;  // (?i:...): needles are case-insensitive anyway
            has_group = true;
          } else {
            has_group = false;  // lookaround, flags, conditionals: contributes nothing
          }
        } else {
          has_group = true;
        }
        Needles inner = depth < 64 ? alternatives(depth + 1) : Needles{};
        if (i_ < p_.size() && p_[i_] == ')') ++i_;
        if (has_group) group = std::move(inner);
      } else if (c == '.' || c == '^' || c == '$') {
        ++i_;
        end_run();
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        i_ = next_char_start(p_, i_ + 1);
        end_run();
      } else {
        run.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        ++i_;
        literal = true;
      }
      // A quantifier decides whether the atom just read is required.
      bool optional = false, quantified = false;
      if (i_ < p_.size()) {
        char q = p_[i_];
        if (q == '?' || q == '*') {
          optional = true;
          quantified = true;
          ++i_;
        } else if (q == '+') {
          quantified = true;
          ++i_;
        } else if (q == '{') {
          quantified = true;
          optional = p_.substr(i_, 2) == "{0";
          std::size_t close = p_.find('}', i_);
          i_ = close == std::string_view::npos ? p_.size() : close + 1;
        }
        if (quantified && i_ < p_.size() && (p_[i_] == '?' || p_[i_] == '+')) ++i_;  // lazy / possessive
      }
      if (literal && quantified) {
        if (optional) run.resize(atom_start);  // the optional char is not required
        end_run();
      }
      if (has_group && !optional) consider(std::move(group));
    }
    end_run();
    return best;
  }

  // At "?" of "(?flags:": the position of the colon when the flags leave
  // the syntax as it is (i, m, s and their negations), else npos.
  std::size_t scoped_flags_end() const {
    std::size_t j = i_ + 1;
    while (j < p_.size() && (p_[j] == 'i' || p_[j] == 'm' || p_[j] == 's' || p_[j] == '-')) ++j;
    return j > i_ + 1 && j < p_.size() && p_[j] == ':' ? j : std::string_view::npos;
  }

  void skip_braces() {
    if (i_ < p_.size() && p_[i_] == '{') {
      std::size_t close = p_.find('}', i_);
      i_ = close == std::string_view::npos ? p_.size() : close + 1;
    }
  }

  void skip_class() {
    ++i_;  // '['
    if (i_ < p_.size() && p_[i_] == '^') ++i_;
    if (i_ < p_.size() && p_[i_] == ']') ++i_;
    while (i_ < p_.size() && p_[i_] != ']') {
      if (p_[i_] == '\\') ++i_;
      if (p_.substr(i_, 2) == "[:") {
        std::size_t close = p_.find(":]", i_);
        i_ = close == std::string_view::npos ? p_.size() : close + 1;
      }
      ++i_;
    }
    ++i_;  // ']'
  }

  std::string_view p_;
  std::size_t i_ = 0;
};

}  // namespace

std::vector<std::string> derive_needles(std::string_view pattern) {
  // Leading inline flags: (?i) is fine (needles are case-insensitive), (?x)
  // makes spaces meaningless and is not analysed.
  while (pattern.substr(0, 2) == "(?") {
    std::size_t close = pattern.find(')');
    if (close == std::string_view::npos) return {};
    std::string_view flags = pattern.substr(2, close - 2);
    if (flags.find_first_not_of("imsx-") != std::string_view::npos) break;
    if (flags.find('x') != std::string_view::npos) return {};
    pattern.remove_prefix(close + 1);
  }
  NeedleParser parser(pattern);
  Needles n = parser.alternatives(0);
  return n.any;
}

}  // namespace normalize::internal
