// Selector parsing and matching (see selector.h).
#include "normalize/rules/selector.h"

#include <algorithm>
#include <functional>

namespace normalize::internal {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Whether `list` (space-separated) holds `word`.
bool has_word(std::string_view list, std::string_view word) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && space(list[i])) ++i;
    std::size_t b = i;
    while (i < list.size() && !space(list[i])) ++i;
    if (list.substr(b, i - b) == word) return true;
  }
  return false;
}

// Whether `list` (space-separated) holds one of `words` (sorted).
bool has_any_word(std::string_view list, const std::vector<std::string>& words) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && space(list[i])) ++i;
    std::size_t b = i;
    while (i < list.size() && !space(list[i])) ++i;
    if (i > b && std::binary_search(words.begin(), words.end(), list.substr(b, i - b), std::less<>())) return true;
  }
  return false;
}

// The value of the element's first attribute named `name`, or null.
const std::string* value_of(const DomElement& e, std::string_view name) {
  for (const auto& [n, v] : e.attributes) {
    if (n == name) return &v;
  }
  return nullptr;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  void skip_space() {
    while (!at_end() && space(s_[i_])) ++i_;
  }
  std::size_t pos() const { return i_; }
  void advance() { ++i_; }

  std::string name() {
    std::string out;
    while (!at_end() && name_char(s_[i_])) out += lower(s_[i_++]);
    return out;
  }

  // A value: a name, or a quoted string.
  bool value(std::string* out) {
    char q = peek();
    if (q != '"' && q != '\'') {
      *out = name();
      return !out->empty();
    }
    ++i_;
    out->clear();
    while (!at_end() && s_[i_] != q) *out += lower(s_[i_++]);
    if (at_end()) return false;
    ++i_;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

bool Selector::compile(std::string_view text, Selector* out, std::string* error) {
  Parser p(text);
  auto fail = [&](const std::string& why) {
    *error = why + " at offset " + std::to_string(p.pos()) + " of selector '" + std::string(text) + "'";
    return false;
  };
  Selector sel;
  Chain chain;
  p.skip_space();
  while (true) {
    Compound c;
    bool any = p.peek() == '*';
    if (any) {
      p.advance();
    } else if (name_char(p.peek())) {
      c.tag = p.name();
    }
    while (true) {
      char k = p.peek();
      if (k == '#' || k == '.') {
        p.advance();
        Condition cond;
        cond.name = k == '#' ? "id" : "class";
        cond.op = k == '#' ? Condition::kEquals : Condition::kWord;
        cond.value = p.name();
        if (cond.value.empty()) return fail(std::string("a name must follow '") + k + "'");
        c.conditions.push_back(std::move(cond));
      } else if (k == '[') {
        p.advance();
        p.skip_space();
        Condition cond;
        cond.name = p.name();
        if (cond.name.empty()) return fail("an attribute name must follow '['");
        p.skip_space();
        static constexpr std::pair<char, Condition::Op> kOps[] = {{'~', Condition::kWord},
                                                                  {'*', Condition::kContains},
                                                                  {'^', Condition::kPrefix},
                                                                  {'$', Condition::kSuffix},
                                                                  {'|', Condition::kDashPrefix}};
        if (p.peek() != ']') {
          cond.op = Condition::kEquals;
          for (auto [ch, op] : kOps) {
            if (p.peek() == ch) {
              cond.op = op;
              p.advance();
            }
          }
          if (p.peek() != '=') return fail("expected '=', '~=', '*=', '^=', '$=' or '|='");
          p.advance();
          p.skip_space();
          if (!p.value(&cond.value)) return fail("expected a value");
          p.skip_space();
        }
        if (p.peek() != ']') return fail("expected ']'");
        p.advance();
        c.conditions.push_back(std::move(cond));
      } else {
        break;
      }
    }
    if (!any && c.tag.empty() && c.conditions.empty()) {
      if (p.at_end()) return fail("expected a selector");
      return fail(std::string("unexpected '") + p.peek() + "'");
    }
    chain.push_back(std::move(c));
    std::size_t before = p.pos();
    p.skip_space();
    if (p.at_end() || p.peek() == ',') {
      sel.alternatives_.push_back(std::move(chain));
      chain.clear();
      if (p.at_end()) break;
      p.advance();
      p.skip_space();
      continue;
    }
    if (p.peek() == '>' || p.peek() == '+' || p.peek() == '~') {
      return fail(std::string("combinator '") + p.peek() + "' is not supported (only descendant, a space)");
    }
    if (p.pos() == before) return fail(std::string("unexpected '") + p.peek() + "'");
  }
  std::vector<Chain> rest;
  for (Chain& chain : sel.alternatives_) {
    if (chain.size() != 1 || !chain[0].tag.empty() || chain[0].conditions.size() != 1) {
      rest.push_back(std::move(chain));
      continue;
    }
    Condition& cond = chain[0].conditions[0];
    auto group = std::find_if(sel.by_name_.begin(), sel.by_name_.end(),
                              [&](const ByName& g) { return g.name == cond.name; });
    if (group == sel.by_name_.end()) group = sel.by_name_.insert(group, ByName{cond.name, {}, {}});
    if (cond.op == Condition::kWord) {
      group->words.push_back(std::move(cond.value));
    } else {
      group->others.push_back(std::move(cond));
    }
  }
  for (ByName& g : sel.by_name_) std::sort(g.words.begin(), g.words.end());
  sel.alternatives_ = std::move(rest);
  *out = std::move(sel);
  return true;
}

bool Selector::holds(const Condition& cond, std::string_view v) {
  std::string_view want = cond.value;
  switch (cond.op) {
    case Condition::kExists: return true;
    case Condition::kEquals: return v == want;
    case Condition::kWord: return has_word(v, want);
    case Condition::kContains: return !want.empty() && v.find(want) != std::string_view::npos;
    case Condition::kPrefix: return !want.empty() && v.substr(0, want.size()) == want;
    case Condition::kSuffix: return !want.empty() && v.size() >= want.size() && v.substr(v.size() - want.size()) == want;
    case Condition::kDashPrefix:
      return v == want || (v.size() > want.size() && v.substr(0, want.size()) == want && v[want.size()] == '-');
  }
  return false;
}

bool Selector::matches(const Compound& c, const DomElement& e) {
  if (!c.tag.empty() && c.tag != e.tag) return false;
  for (const Condition& cond : c.conditions) {
    const std::string* value = value_of(e, cond.name);
    if (!value || !holds(cond, *value)) return false;
  }
  return true;
}

bool Selector::matches(const std::vector<DomElement>& elements, int e) const {
  for (const ByName& g : by_name_) {
    const std::string* value = value_of(elements[e], g.name);
    if (!value) continue;
    if (!g.words.empty() && has_any_word(*value, g.words)) return true;
    for (const Condition& cond : g.others) {
      if (holds(cond, *value)) return true;
    }
  }
  for (const Chain& chain : alternatives_) {
    if (!matches(chain.back(), elements[e])) continue;
    // Descendant combinators only: the nearest matching ancestor is always
    // the best choice, so one upward walk decides.
    std::size_t k = chain.size() - 1;
    for (int a = elements[e].parent; a >= 0 && k > 0; a = elements[a].parent) {
      if (matches(chain[k - 1], elements[a])) --k;
    }
    if (k == 0) return true;
  }
  return false;
}

}  // namespace normalize::internal
