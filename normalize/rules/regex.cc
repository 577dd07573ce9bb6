// Boost.Regex over ICU, behind a value-returning wrapper: compile errors carry
// the offset, and match-time errors (the complexity limit a catastrophic
// pattern hits) come back as kError instead of an exception.
#include "normalize/rules/regex.h"

#include <boost/regex/icu.hpp>

namespace normalize::internal {
namespace {

// A general-category name Boost's ICU traits understand: a one-letter major
// class (L, N, P, ...) means the whole class, which Boost spells "L*" (a bare
// "L" would be its short name for [[:lower:]]).
std::string category(std::string_view name) {
  if (name.size() == 1 && std::string_view("LMNPSZC").find(name[0]) != std::string_view::npos) {
    return std::string(name) + "*";
  }
  return std::string(name);
}

// Rewrites a rule's pattern into what boost::u32regex reads as the rule author
// meant it. Returns false with *error/*offset on a construct Boost cannot do.
//  - \p{L}, \pL, \p{N}: whole general categories (Boost: L*, N*);
//  - \p{..} inside [...] becomes [:..:] (Boost ignores \p there);
//  - Boost folds case one character at a time, so (?i)ß cannot match "SS": in
//    a case-insensitive pattern a literal sharp s outside brackets is widened
//    to (?:ß|ẞ|ss).
bool rewrite(std::string_view p, bool icase, std::string* out, std::string* error, std::size_t* offset) {
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size() && (p[i + 1] == 'p' || p[i + 1] == 'P')) {
      bool negated = p[i + 1] == 'P';
      std::size_t start = i;
      std::string name;
      if (i + 2 < p.size() && p[i + 2] == '{') {
        std::size_t close = p.find('}', i + 3);
        if (close == std::string_view::npos) break;  // Boost reports it
        name = std::string(p.substr(i + 3, close - i - 3));
        i = close;
      } else if (i + 2 < p.size()) {
        name = std::string(1, p[i + 2]);
        i += 2;
      } else {
        break;
      }
      if (!in_class) {
        *out += negated ? "\\P{" : "\\p{";
        *out += category(name) + "}";
      } else if (!negated) {
        *out += "[:" + category(name) + ":]";
      } else {
        *error = "\\P{...} inside [...] is not supported (write [^...] or a look-ahead)";
        *offset = start;
        return false;
      }
      continue;
    }
    if (c == '\\' && i + 1 < p.size()) {
      *out += c;
      *out += p[++i];
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      *out += c;
      // A ']' first in the class (or after '^') is a literal.
      if (i + 1 < p.size() && p[i + 1] == '^') *out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') *out += p[++i];
      continue;
    }
    if (in_class && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      std::size_t close = p.find(":]", i + 2);
      if (close != std::string_view::npos) {
        *out += p.substr(i, close + 2 - i);
        i = close + 1;
        continue;
      }
    }
    if (in_class && c == ']') in_class = false;
    if (icase && !in_class && (p.substr(i, 2) == "\xC3\x9F" || p.substr(i, 3) == "\xE1\xBA\x9E")) {
      *out += "(?:\xC3\x9F|\xE1\xBA\x9E|ss)";
      i += p[i] == '\xC3' ? 1 : 2;
      continue;
    }
    *out += c;
  }
  return true;
}

}  // namespace

bool Regex::compile(std::string_view pattern, Regex* out, std::string* error, std::size_t* offset) {
  // A leading (?i) becomes the icase flag: Boost then still builds its
  // first-character map, which an option group in front of the pattern defeats.
  // Blocks never hold a newline, so ^ and $ anchor at the text's ends only
  // (no_mod_m), which also spares Boost from trying every position.
  auto flags = boost::regex_constants::perl | boost::regex_constants::no_mod_m;
  bool icase = pattern.substr(0, 4) == "(?i)";
  if (icase) {
    flags |= boost::regex_constants::icase;
    pattern.remove_prefix(4);
  }
  std::string p;
  if (!rewrite(pattern, icase, &p, error, offset)) {
    if (icase) *offset += 4;
    return false;
  }
  try {
    out->re_ = std::make_shared<boost::u32regex>(boost::make_u32regex(p.data(), p.data() + p.size(), flags));
    return true;
  } catch (const boost::regex_error& e) {
    *error = e.what();
    *offset = (e.position() < 0 ? 0 : static_cast<std::size_t>(e.position())) + (icase ? 4 : 0);
    // what() goes on to quote the pattern fragment; the offset says where.
    if (auto cut = error->find("  The error occurred"); cut != std::string::npos) error->resize(cut);
    while (!error->empty() && (error->back() == '.' || error->back() == ' ')) error->pop_back();
    return false;
  } catch (const std::exception& e) {
    *error = e.what();
    *offset = 0;
    return false;
  }
}

using MatchIter = boost::u8_to_u32_iterator<const char*, UChar32>;

struct RegexScratch::Matches {
  boost::match_results<MatchIter> m;
};

RegexScratch::RegexScratch() : matches_(std::make_unique<Matches>()) {}
RegexScratch::~RegexScratch() = default;

Regex::Outcome Regex::search(std::string_view text, std::size_t from, std::size_t* begin, std::size_t* end,
                             std::string* error, RegexScratch* scratch) const {
  using Iter = MatchIter;
  const char* first = text.data();
  const char* last = first + text.size();
  boost::match_results<Iter>& m = scratch->matches_->m;
  boost::match_flag_type flags = boost::match_default;
  if (from > 0) flags |= boost::match_prev_avail;  // ^ and \b look back at text[from - 1]
  try {
    if (!boost::regex_search(Iter(first + from, first, last), Iter(last, first, last), m, *re_, flags,
                             Iter(first, first, last))) {
      return Outcome::kNoMatch;
    }
  } catch (const std::exception& e) {
    *error = e.what();
    return Outcome::kError;
  }
  *begin = static_cast<std::size_t>(m[0].first.base() - first);
  *end = static_cast<std::size_t>(m[0].second.base() - first);
  return Outcome::kMatch;
}

}  // namespace normalize::internal
