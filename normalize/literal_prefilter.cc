// Aho-Corasick automaton compiled to a dense DFA over byte classes (the bytes
// that occur in some needle, plus one class for every other byte).
#include "normalize/literal_prefilter.h"

#include <deque>

namespace normalize::internal {
namespace {

unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c; }

}  // namespace

void LiteralPrefilter::add(std::string_view needle, std::size_t rule) {
  if (needle.empty()) return;
  if (trie_.empty()) trie_.emplace_back();
  std::int32_t s = 0;
  for (unsigned char c : needle) {
    c = lower(c);
    if (trie_[s].next[c] < 0) {
      trie_[s].next[c] = static_cast<std::int32_t>(trie_.size());
      trie_.emplace_back();
    }
    s = trie_[s].next[c];
  }
  trie_[s].out.push_back(static_cast<std::uint32_t>(rule));
}

void LiteralPrefilter::build() {
  if (trie_.empty()) return;
  // Byte classes: upper-case letters share their lower-case class.
  byte_class_.fill(0);
  classes_ = 1;
  for (int c = 0; c < 256; ++c) {
    bool used = false;
    for (const Node& n : trie_) {
      if (n.next[c] >= 0) {
        used = true;
        break;
      }
    }
    if (used) byte_class_[c] = static_cast<std::uint8_t>(classes_++);
  }
  for (int c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c + 32];

  // Breadth-first: fail links, merged outputs, and the full transition table.
  std::vector<std::int32_t> order;
  std::deque<std::int32_t> queue;
  for (int c = 0; c < 256; ++c) {
    std::int32_t t = trie_[0].next[c];
    if (t < 0) {
      trie_[0].next[c] = 0;
    } else {
      trie_[t].fail = 0;
      queue.push_back(t);
    }
  }
  while (!queue.empty()) {
    std::int32_t s = queue.front();
    queue.pop_front();
    order.push_back(s);
    const Node& fail = trie_[trie_[s].fail];
    trie_[s].out.insert(trie_[s].out.end(), fail.out.begin(), fail.out.end());
    for (int c = 0; c < 256; ++c) {
      std::int32_t t = trie_[s].next[c];
      if (t < 0) {
        trie_[s].next[c] = trie_[trie_[s].fail].next[c];
      } else {
        trie_[t].fail = trie_[trie_[s].fail].next[c];
        queue.push_back(t);
      }
    }
  }
  // Entries are premultiplied (next state * classes_) and carry kHasOutput
  // when the next state reports rules, so the scan loop needs neither a
  // multiplication nor a lookup of the output list on most bytes.
  delta_.assign(trie_.size() * classes_, 0);
  for (std::size_t s = 0; s < trie_.size(); ++s) {
    for (int c = 0; c < 256; ++c) {
      auto t = static_cast<std::uint32_t>(trie_[s].next[lower(static_cast<unsigned char>(c))]);
      delta_[s * classes_ + byte_class_[lower(static_cast<unsigned char>(c))]] =
          t * static_cast<std::uint32_t>(classes_) | (trie_[t].out.empty() ? 0u : kHasOutput);
    }
  }
  out_begin_.assign(trie_.size() + 1, 0);
  outputs_.clear();
  for (std::size_t s = 0; s < trie_.size(); ++s) {
    out_begin_[s] = static_cast<std::uint32_t>(outputs_.size());
    outputs_.insert(outputs_.end(), trie_[s].out.begin(), trie_[s].out.end());
  }
  out_begin_[trie_.size()] = static_cast<std::uint32_t>(outputs_.size());
  trie_.clear();
  trie_.shrink_to_fit();
}

void LiteralPrefilter::scan(std::string_view text, std::vector<unsigned char>* hits) const {
  if (outputs_.empty()) return;
  std::uint32_t s = 0;  // premultiplied state
  const std::uint32_t* delta = delta_.data();
  const std::uint8_t* cls = byte_class_.data();
  const auto k = static_cast<std::uint32_t>(classes_);
  for (unsigned char c : text) {
    s = delta[s + cls[c]];
    if (s & kHasOutput) [[unlikely]] {
      s &= ~kHasOutput;
      std::uint32_t state = s / k;
      for (std::uint32_t b = out_begin_[state], e = out_begin_[state + 1]; b < e; ++b) (*hits)[outputs_[b]] = 1;
    }
  }
}

}  // namespace normalize::internal
