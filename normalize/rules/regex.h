// Internal. Use normalize.h.
//
// The one place that touches Boost.Regex: Unicode-aware regexes (ICU through
// boost::u32regex) over UTF-8, with every Boost exception turned into a value.
#ifndef NORMALIZE_RULES_REGEX_H_
#define NORMALIZE_RULES_REGEX_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace boost {
template <class charT, class traits>
class basic_regex;
class icu_regex_traits;
}  // namespace boost

namespace normalize::internal {

// Boost's match results, kept from one search to the next so that their
// storage is reused. Its owner gives it to one thread at a time
// (decide/scratch.h).
class RegexScratch {
 public:
  RegexScratch();
  ~RegexScratch();
  RegexScratch(const RegexScratch&) = delete;
  RegexScratch& operator=(const RegexScratch&) = delete;

 private:
  friend class Regex;
  struct Matches;  // regex.cc
  std::unique_ptr<Matches> matches_;
};

class Regex {
 public:
  enum class Outcome { kNoMatch, kMatch, kError };

  // Compiles `pattern`. On failure returns false with *error and *offset (a
  // byte offset into the pattern) set.
  static bool compile(std::string_view pattern, Regex* out, std::string* error, std::size_t* offset);

  bool valid() const { return re_ != nullptr; }
  // Searches text[from, end) (`from` on a character boundary; ^ and \b see the
  // text before it). On a match sets [*begin, *end) in bytes of `text`. On
  // kError (e.g. Boost's complexity limit) sets *error. Matches in `scratch`.
  Outcome search(std::string_view text, std::size_t from, std::size_t* begin, std::size_t* end,
                 std::string* error, RegexScratch* scratch) const;

 private:
  std::shared_ptr<const boost::basic_regex<int, boost::icu_regex_traits>> re_;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_REGEX_H_
