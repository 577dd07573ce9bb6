// Boost.Regex over ICU, behind a value-returning wrapper: compile errors carry
// the offset, and match-time errors (the complexity limit a catastrophic
// pattern hits) come back as kError instead of an exception.
#include "normalize/regex.h"

#include <boost/regex/icu.hpp>

namespace normalize::internal {
namespace {

// Boost folds case one character at a time, so (?i)ß cannot match "SS".
// In a case-insensitive pattern, a literal sharp s (outside brackets) is
// widened to (?:ß|ẞ|ss) so that German text folds as a reader expects.
std::string widen_sharp_s(std::string_view pattern) {
  if (pattern.substr(0, 4) != "(?i)") return std::string(pattern);
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (c == '[') in_class = true;
    if (c == ']') in_class = false;
    if (!in_class && (pattern.substr(i, 2) == "\xC3\x9F" || pattern.substr(i, 3) == "\xE1\xBA\x9E")) {
      out += "(?:\xC3\x9F|\xE1\xBA\x9E|ss)";
      i += pattern[i] == '\xC3' ? 1 : 2;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

bool Regex::compile(std::string_view pattern, Regex* out, std::string* error, std::size_t* offset) {
  try {
    std::string p = widen_sharp_s(pattern);
    auto re = std::make_shared<boost::u32regex>(
        boost::make_u32regex(p.data(), p.data() + p.size(), boost::regex_constants::perl));
    out->re_ = std::move(re);
    return true;
  } catch (const boost::regex_error& e) {
    *error = e.what();
    *offset = e.position() < 0 ? 0 : static_cast<std::size_t>(e.position());
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

Regex::Outcome Regex::search(std::string_view text, std::size_t from, std::size_t* begin, std::size_t* end,
                             std::string* error) const {
  using Iter = boost::u8_to_u32_iterator<const char*, UChar32>;
  const char* first = text.data();
  const char* last = first + text.size();
  boost::match_results<Iter> m;
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
