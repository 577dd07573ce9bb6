// Aho-Corasick automaton compiled to a dense DFA over byte classes (the bytes
// that occur in some needle, plus one class for every other byte).
#include "normalize/literal_prefilter.h"

#include <algorithm>
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
  max_needle_ = std::max(max_needle_, needle.size());
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
  const std::uint32_t* delta = delta_.data();
  const std::uint8_t* cls = byte_class_.data();
  const auto k = static_cast<std::uint32_t>(classes_);
  auto report = [&](std::uint32_t s) {
    std::uint32_t state = s / k;
    for (std::uint32_t b = out_begin_[state], e = out_begin_[state + 1]; b < e; ++b) (*hits)[outputs_[b]] = 1;
  };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = 0;
  std::uint32_t s = 0;  // premultiplied state
  if (n >= 256 && n >= 4 * max_needle_) {
    // Two automata at once, over halves that overlap by a needle's length, so
    // every occurrence lies wholly in one of them. The walk is a chain of
    // dependent loads; two independent chains keep the core busy.
    std::size_t half = n / 2;
    std::size_t end_a = std::min(n, half + max_needle_ - 1);
    std::size_t j = half;
    std::uint32_t t = 0;
    std::size_t steps = std::min(end_a, n - half);
    for (std::size_t x = 0; x < steps; ++x, ++i, ++j) {
      s = delta[s + cls[p[i]]];
      t = delta[t + cls[p[j]]];
      if ((s | t) & kHasOutput) [[unlikely]] {
        if (s & kHasOutput) s &= ~kHasOutput, report(s);
        if (t & kHasOutput) t &= ~kHasOutput, report(t);
      }
    }
    for (; i < end_a; ++i) {
      s = delta[s + cls[p[i]]];
      if (s & kHasOutput) [[unlikely]] s &= ~kHasOutput, report(s);
    }
    for (; j < n; ++j) {
      t = delta[t + cls[p[j]]];
      if (t & kHasOutput) [[unlikely]] t &= ~kHasOutput, report(t);
    }
    return;
  }
  for (; i < n; ++i) {
    s = delta[s + cls[p[i]]];
    if (s & kHasOutput) [[unlikely]] s &= ~kHasOutput, report(s);
  }
}

}  // namespace normalize::internal
