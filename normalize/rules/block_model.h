// Internal. Use normalize.h.
//
// The trained block classifier, as data (rules/models/*.model, written by
// scripts/train-model.sh): a cue lexicon, the names of the features it was
// trained on, and two ensembles of regression trees — one scores how likely
// a block is boilerplate, the other which category it then belongs to. It
// only scores feature rows; decide/block_features.cc makes them and
// decide/judge_blocks.cc acts on the scores.
#ifndef NORMALIZE_RULES_BLOCK_MODEL_H_
#define NORMALIZE_RULES_BLOCK_MODEL_H_

#include <bitset>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "normalize/normalize.h"

namespace normalize::internal {

// Cue words per category ("subscribe", "newsletter", "copyright", ...),
// lower-case; an entry ending in '*' matches every word it starts.
class CueLexicon {
 public:
  CueLexicon() = default;
  CueLexicon(const CueLexicon& other) { *this = other; }
  CueLexicon& operator=(const CueLexicon& other);
  CueLexicon(CueLexicon&&) = default;
  CueLexicon& operator=(CueLexicon&&) = default;

  // Adds `word` (or prefix, with its '*') to cue class `cls`.
  void add(std::string_view word, std::size_t cls);
  // The cue classes of a lower-case word, one bit per class (up to 32).
  std::uint32_t classes(std::string_view word) const;
  const std::vector<std::string>& names() const { return names_; }
  std::vector<std::string>& names() { return names_; }

 private:
  // Keys view into `entries_`; most words are turned away by their first
  // two bytes (`starts_`) before any hashing.
  std::deque<std::pair<std::string, bool>> entries_;  // word or prefix, is_prefix, in order added
  std::unordered_map<std::string_view, std::uint32_t> words_, prefixes_;
  std::vector<std::size_t> prefix_lengths_;  // the distinct lengths of prefixes_, ascending
  std::bitset<65536> starts_;                // the first two bytes of every entry
  std::vector<std::size_t> classes_of_entry_;
  std::vector<std::string> names_;           // the classes, in feature order
};

// Parses a cue file: "cue CLASS word word* ..." lines, '#' comments.
StatusOr<CueLexicon> parse_cues(std::string_view text, std::string_view where);

// Gradient-boosted regression trees: a row's margin in class k is the sum of
// the leaves its features reach in the trees of k (tree t belongs to class
// t % classes, as XGBoost writes them).
class TreeEnsemble {
 public:
  struct Node {
    std::int32_t feature;  // -1: a leaf holding `value`
    float value;           // the split threshold (go left when below) or the leaf
    std::int32_t left, right;
  };
  // One tree: its nodes, root first. Children are indices in that tree.
  void add_tree(std::vector<Node> nodes);
  void set_classes(std::size_t k) { classes_ = k; }
  std::size_t classes() const { return classes_; }
  std::size_t trees() const { return roots_.size(); }
  // The margins of `row` in each class, written to out[0 .. classes()).
  void margins(const float* row, float* out) const;
  // Whether every node's feature is below `features` and children are in range.
  bool valid(std::size_t features) const;

 private:
  std::vector<Node> nodes_;
  std::vector<std::size_t> roots_;
  std::size_t classes_ = 1;
};

struct BlockModel {
  std::string name;          // "model" for the compiled-in one, else the file
  std::string digest;        // of the file's bytes, for --version
  CueLexicon cues;
  std::vector<std::string> features;  // the names the trees' feature numbers refer to
  float threshold = 1.0f;     // probability of boilerplate from which a block goes
  TreeEnsemble boilerplate;   // one class: the logit of boilerplate
  TreeEnsemble category;      // a margin per category
  std::vector<std::string> categories;
  std::vector<std::string> ids;  // "model.CATEGORY", the rule ids of its removals
  std::vector<bool> disabled;    // per category: left to the rules (--disable)

  // Leaves category `name` (or "model.CATEGORY") to the rules; false when
  // the model has no such category.
  bool disable(std::string_view name);
  // The probability that the block of `row` is boilerplate.
  float score(const float* row) const;
  // The most likely category of a boilerplate block.
  std::size_t category_of(const float* row) const;
};

// Parses a model file (format in rules/models/README.md).
StatusOr<BlockModel> parse_block_model(std::string_view text, std::string_view where);

// Reads and parses the model file at `path`.
StatusOr<BlockModel> read_block_model(const std::string& path);

// The model compiled in from rules/models/ (generated/default_rules.cc).
std::string_view default_model_text();

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_BLOCK_MODEL_H_
