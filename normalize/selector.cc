// Selector parsing and matching (see selector.h).
#include "normalize/selector.h"

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
  *out = std::move(sel);
  return true;
}

bool Selector::matches(const Compound& c, const DomElement& e) {
  if (!c.tag.empty() && c.tag != e.tag) return false;
  for (const Condition& cond : c.conditions) {
    const std::string* value = nullptr;
    for (const auto& [name, v] : e.attributes) {
      if (name == cond.name) {
        value = &v;
        break;
      }
    }
    if (!value) return false;
    std::string_view v = *value, want = cond.value;
    bool ok = true;
    switch (cond.op) {
      case Condition::kExists: break;
      case Condition::kEquals: ok = v == want; break;
      case Condition::kWord: ok = has_word(v, want); break;
      case Condition::kContains: ok = !want.empty() && v.find(want) != std::string_view::npos; break;
      case Condition::kPrefix: ok = !want.empty() && v.substr(0, want.size()) == want; break;
      case Condition::kSuffix:
        ok = !want.empty() && v.size() >= want.size() && v.substr(v.size() - want.size()) == want;
        break;
      case Condition::kDashPrefix:
        ok = v == want || (v.size() > want.size() && v.substr(0, want.size()) == want && v[want.size()] == '-');
        break;
    }
    if (!ok) return false;
  }
  return true;
}

bool Selector::matches(const std::vector<DomElement>& elements, int e) const {
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
