// Internal. Use normalize.h.
//
// A fixed list of words, kept by first byte: whether a string contains one of
// them is then one pass over the string, not a find() per word (main-content
// choice runs its lists for every element of a page).
#ifndef NORMALIZE_RULES_WORD_LIST_H_
#define NORMALIZE_RULES_WORD_LIST_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace normalize::internal {

class WordList {
 public:
  WordList() = default;
  // Each word of two bytes or more (the loader checks).
  explicit WordList(std::vector<std::string> words) : words_(std::move(words)) {
    for (const std::string& w : words_) by_first_[static_cast<unsigned char>(w[0])].push_back(w);
  }
  WordList(const WordList& other) : WordList(other.words_) {}
  WordList& operator=(const WordList& other) {
    if (this != &other) *this = WordList(other.words_);
    return *this;
  }
  WordList(WordList&&) = default;
  WordList& operator=(WordList&&) = default;

  // Whether `s` contains one of the words.
  bool in(std::string_view s) const {
    for (std::size_t i = 0; i < s.size(); ++i) {
      for (std::string_view w : by_first_[static_cast<unsigned char>(s[i])]) {
        if (w.size() <= s.size() - i && s[i + 1] == w[1] && s.compare(i, w.size(), w) == 0) return true;
      }
    }
    return false;
  }
  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;
  std::array<std::vector<std::string_view>, 256> by_first_;  // views into words_
};

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_WORD_LIST_H_
