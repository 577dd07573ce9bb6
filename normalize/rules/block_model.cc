// Reading a block model file, and scoring feature rows with its trees.
#include "normalize/rules/block_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace normalize::internal {

namespace {

std::size_t first_two(std::string_view w) {
  const auto a = static_cast<unsigned char>(w[0]);
  const auto b = w.size() > 1 ? static_cast<unsigned char>(w[1]) : 0u;
  return a << 8 | b;
}

}  // namespace

CueLexicon& CueLexicon::operator=(const CueLexicon& other) {
  if (this == &other) return *this;
  *this = CueLexicon();
  for (std::size_t i = 0; i < other.entries_.size(); ++i) {
    const auto& [word, prefix] = other.entries_[i];
    add(prefix ? word + "*" : word, other.classes_of_entry_[i]);
  }
  names_ = other.names_;
  return *this;
}

void CueLexicon::add(std::string_view word, std::size_t cls) {
  const bool prefix = !word.empty() && word.back() == '*';
  if (prefix) word.remove_suffix(1);
  if (word.empty()) return;
  entries_.emplace_back(std::string(word), prefix);
  classes_of_entry_.push_back(cls);
  const std::string_view key = entries_.back().first;
  const std::uint32_t bit = 1u << cls;
  starts_.set(first_two(key));
  if (prefix) {
    prefixes_[key] |= bit;
    // A one-byte prefix starts words of any second byte.
    if (key.size() == 1) {
      for (std::size_t b = 0; b < 256; ++b) starts_.set(first_two(key) | b);
    }
    if (std::find(prefix_lengths_.begin(), prefix_lengths_.end(), key.size()) == prefix_lengths_.end()) {
      prefix_lengths_.push_back(key.size());
      std::sort(prefix_lengths_.begin(), prefix_lengths_.end());
    }
  } else {
    words_[key] |= bit;
  }
}

std::uint32_t CueLexicon::classes(std::string_view word) const {
  if (word.empty() || !starts_.test(first_two(word))) return 0;
  std::uint32_t bits = 0;
  if (auto it = words_.find(word); it != words_.end()) bits |= it->second;
  for (std::size_t len : prefix_lengths_) {
    if (len > word.size()) break;
    if (auto it = prefixes_.find(word.substr(0, len)); it != prefixes_.end()) bits |= it->second;
  }
  return bits;
}

namespace {

// Splits `text` into lines and lines into space-separated fields.
class Lines {
 public:
  Lines(std::string_view text, std::string_view where) : text_(text), where_(where) {}
  // The next line that is neither blank nor a '#' comment, as fields.
  bool next(std::vector<std::string_view>* fields) {
    while (pos_ < text_.size()) {
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_;
      fields->clear();
      std::size_t i = 0;
      while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        if (j > i) fields->push_back(line.substr(i, j - i));
        i = j;
      }
      if (!fields->empty() && (*fields)[0][0] != '#') return true;
    }
    return false;
  }
  // Bytes not read yet.
  std::size_t left() const { return text_.size() - std::min(pos_, text_.size()); }
  Status error(const std::string& what) const {
    return Status(StatusCode::kBadRule, std::string(where_) + ":" + std::to_string(line_) + ": error: " + what);
  }

 private:
  std::string_view text_, where_;
  std::size_t pos_ = 0, line_ = 0;
};

template <typename T>
bool parse_number(std::string_view s, T* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

Status add_cue_line(const std::vector<std::string_view>& f, const Lines& lines, CueLexicon* cues) {
  if (f.size() < 3) return lines.error("a cue line is: cue CLASS word...");
  auto& names = cues->names();
  std::size_t cls = std::find(names.begin(), names.end(), f[1]) - names.begin();
  if (cls == names.size()) {
    if (names.size() == 32) return lines.error("more than 32 cue classes");
    names.emplace_back(f[1]);
  }
  for (std::size_t i = 2; i < f.size(); ++i) cues->add(f[i], cls);
  return Status();
}

// "trees N" then N trees, each "tree NODES" and one line per node:
// "s FEATURE THRESHOLD LEFT RIGHT" or "l VALUE".
Status read_trees(const std::vector<std::string_view>& head, Lines* lines, TreeEnsemble* out) {
  std::size_t count = 0, classes = 0;
  if (head.size() != 3 || !parse_number(head[1], &count) || !parse_number(head[2], &classes) || classes == 0) {
    return lines->error("expected: " + std::string(head[0]) + " TREES CLASSES");
  }
  out->set_classes(classes);
  std::vector<std::string_view> f;
  for (std::size_t t = 0; t < count; ++t) {
    std::size_t n = 0;
    if (!lines->next(&f) || f.size() != 2 || f[0] != "tree" || !parse_number(f[1], &n) || n == 0) {
      return lines->error("expected: tree NODES");
    }
    if (n > lines->left()) return lines->error("the tree ends early");  // more nodes than bytes left
    std::vector<TreeEnsemble::Node> nodes(n);
    for (TreeEnsemble::Node& node : nodes) {
      if (!lines->next(&f)) return lines->error("the tree ends early");
      if (f.size() == 2 && f[0] == "l" && parse_number(f[1], &node.value)) {
        node = {-1, node.value, 0, 0};
      } else if (f.size() != 5 || f[0] != "s" || !parse_number(f[1], &node.feature) ||
                 !parse_number(f[2], &node.value) || !parse_number(f[3], &node.left) ||
                 !parse_number(f[4], &node.right) || node.feature < 0) {
        return lines->error("expected a node: s FEATURE THRESHOLD LEFT RIGHT, or l VALUE");
      }
    }
    out->add_tree(std::move(nodes));
  }
  return Status();
}

}  // namespace

StatusOr<CueLexicon> parse_cues(std::string_view text, std::string_view where) {
  CueLexicon cues;
  Lines lines(text, where);
  std::vector<std::string_view> f;
  while (lines.next(&f)) {
    if (f[0] != "cue") return lines.error("expected a cue line");
    if (Status s = add_cue_line(f, lines, &cues); !s.ok()) return s;
  }
  return cues;
}

void TreeEnsemble::add_tree(std::vector<Node> nodes) {
  roots_.push_back(nodes_.size());
  nodes_.insert(nodes_.end(), nodes.begin(), nodes.end());
}

bool TreeEnsemble::valid(std::size_t features) const {
  for (std::size_t t = 0; t < roots_.size(); ++t) {
    const std::size_t size = (t + 1 < roots_.size() ? roots_[t + 1] : nodes_.size()) - roots_[t];
    for (std::size_t i = roots_[t]; i < roots_[t] + size; ++i) {
      const Node& n = nodes_[i];
      if (n.feature < 0) continue;
      // Children come after their parent, so every walk ends.
      const auto after = static_cast<std::int32_t>(i - roots_[t]);
      if (static_cast<std::size_t>(n.feature) >= features || n.left <= after || n.right <= after ||
          static_cast<std::size_t>(n.left) >= size || static_cast<std::size_t>(n.right) >= size) {
        return false;
      }
    }
  }
  return true;
}

void TreeEnsemble::margins(const float* row, float* out) const {
  std::fill(out, out + classes_, 0.0f);
  for (std::size_t t = 0; t < roots_.size(); ++t) {
    const Node* tree = &nodes_[roots_[t]];
    const Node* n = tree;
    while (n->feature >= 0) n = tree + (row[n->feature] < n->value ? n->left : n->right);
    out[t % classes_] += n->value;
  }
}

bool BlockModel::disable(std::string_view name) {
  bool any = false;
  for (std::size_t c = 0; c < categories.size(); ++c) {
    if (categories[c] == name || ids[c] == name) disabled[c] = any = true;
  }
  return any;
}

float BlockModel::score(const float* row) const {
  float margin = 0;
  boilerplate.margins(row, &margin);
  return 1.0f / (1.0f + std::exp(-margin));
}

std::size_t BlockModel::category_of(const float* row) const {
  std::vector<float> m(category.classes());
  category.margins(row, m.data());
  return static_cast<std::size_t>(std::max_element(m.begin(), m.end()) - m.begin());
}

StatusOr<BlockModel> parse_block_model(std::string_view text, std::string_view where) {
  BlockModel model;
  Lines lines(text, where);
  std::vector<std::string_view> f;
  if (!lines.next(&f) || f.size() != 2 || f[0] != "normalize-block-model" || f[1] != "1") {
    return lines.error("not a block model (expected: normalize-block-model 1)");
  }
  bool have_binary = false, have_category = false;
  while (lines.next(&f)) {
    if (f[0] == "cue") {
      if (Status s = add_cue_line(f, lines, &model.cues); !s.ok()) return s;
    } else if (f[0] == "threshold") {
      if (f.size() != 2 || !parse_number(f[1], &model.threshold) || !(model.threshold > 0.5f)) {
        return lines.error("expected: threshold P, with 0.5 < P");
      }
    } else if (f[0] == "features") {
      model.features.assign(f.begin() + 1, f.end());
    } else if (f[0] == "categories") {
      model.categories.assign(f.begin() + 1, f.end());
    } else if (f[0] == "boilerplate" || f[0] == "category") {
      TreeEnsemble* e = f[0] == "boilerplate" ? &model.boilerplate : &model.category;
      if (Status s = read_trees(f, &lines, e); !s.ok()) return s;
      (f[0] == "boilerplate" ? have_binary : have_category) = true;
    } else {
      return lines.error("unknown line \"" + std::string(f[0]) + "\"");
    }
  }
  if (!have_binary || !have_category || model.features.empty() || model.categories.empty()) {
    return lines.error("a model needs features, categories, and boilerplate and category trees");
  }
  if (model.boilerplate.classes() != 1 || model.category.classes() != model.categories.size() ||
      !model.boilerplate.valid(model.features.size()) || !model.category.valid(model.features.size())) {
    return lines.error("the trees do not fit the features and categories declared");
  }
  for (const std::string& c : model.categories) model.ids.push_back("model." + c);
  model.disabled.assign(model.categories.size(), false);
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  model.digest = hex;
  model.name = std::string(where);
  return model;
}

StatusOr<BlockModel> read_block_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kIoError, path + ": cannot open the model");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_block_model(text.str(), path);
}

}  // namespace normalize::internal
