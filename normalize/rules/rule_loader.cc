// Rule files (YAML) -> Rules, validated field by field. yaml-cpp exceptions
// stop here and become "path:line:col: error: ..." statuses.
#include "normalize/rules/rule_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace normalize::internal {
namespace {

// Thrown inside this file only; caught in load_text.
struct LoadError {
  YAML::Mark mark;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& at, std::string message) { throw LoadError{at.Mark(), std::move(message)}; }

std::string where(std::string_view name, const YAML::Mark& m) {
  return std::string(name) + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

std::string scalar(const YAML::Node& n, std::string_view key) {
  if (!n.IsScalar()) fail(n, "'" + std::string(key) + "' must be a string");
  return n.Scalar();
}

std::size_t whole_number(const YAML::Node& n, std::string_view key) {
  const std::string s = n.IsScalar() ? n.Scalar() : std::string();
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) {
    fail(n, "'" + std::string(key) + "' must be a whole number");
  }
  return static_cast<std::size_t>(std::stoul(s));
}

double fraction(const YAML::Node& n, std::string_view key) {
  const std::string s = n.IsScalar() ? n.Scalar() : std::string();
  std::size_t used = 0;
  double v = -1;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (s.empty() || used != s.size() || !(v >= 0.0 && v <= 1.0)) {
    fail(n, "'" + std::string(key) + "' must be a number from 0 to 1");
  }
  return v;
}

template <typename E>
E one_of(const YAML::Node& n, std::string_view key, std::initializer_list<std::pair<const char*, E>> values) {
  std::string v = scalar(n, key);
  std::string expected;
  for (const auto& [name, value] : values) {
    if (v == name) return value;
    expected += expected.empty() ? "" : ", ";
    expected += name;
  }
  fail(n, "bad value '" + v + "' for '" + std::string(key) + "' (expected " + expected + ")");
}

void check_keys(const YAML::Node& map, const std::set<std::string>& allowed, std::string_view what) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    if (!allowed.count(key)) fail(it->first, "unknown key '" + key + "' in " + std::string(what));
  }
}

using Fragments = std::map<std::string, std::string>;

// Replaces every {{NAME}} with its fragment (fragments may use fragments).
std::string expand(const YAML::Node& n, const std::string& pattern, const Fragments& fragments, int depth = 0) {
  if (depth > 16) fail(n, "fragments nest more than 16 deep (a cycle?)");
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t open = pattern.find("{{", i);
    if (open == std::string::npos) break;
    std::size_t close = pattern.find("}}", open + 2);
    if (close == std::string::npos) break;
    std::string name = pattern.substr(open + 2, close - open - 2);
    auto it = fragments.find(name);
    if (it == fragments.end()) fail(n, "unknown fragment '{{" + name + "}}'");
    out += pattern.substr(i, open - i);
    out += "(?:" + expand(n, it->second, fragments, depth + 1) + ")";
    i = close + 2;
  }
  out += pattern.substr(i);
  return out;
}

Regex compile(const YAML::Node& n, const std::string& pattern, const std::string& id) {
  Regex re;
  std::string error;
  std::size_t offset = 0;
  if (!Regex::compile(pattern, &re, &error, &offset)) {
    fail(n, "rule " + id + ": bad regex: " + error + " at offset " + std::to_string(offset));
  }
  return re;
}

// Lower-case words of two bytes or more, as class and id tokens are read.
WordList word_list(const YAML::Node& n, const char* key) {
  if (!n.IsSequence() || n.size() == 0) fail(n, std::string("'") + key + "' must be a non-empty list of words");
  std::vector<std::string> words;
  for (const YAML::Node& e : n) {
    std::string w = scalar(e, key);
    if (w.size() < 2 || std::any_of(w.begin(), w.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == ' '; })) {
      fail(e, "'" + w + "' in '" + key + "' must be two bytes or more, lower case, without spaces");
    }
    words.push_back(std::move(w));
  }
  return WordList(std::move(words));
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.front() == '.' || id.back() == '.' || id.find('.') == std::string::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
}

std::vector<Example> examples(std::string_view name, const YAML::Node& n, const std::string& id, const char* kind) {
  if (!n.IsSequence() || n.size() == 0) {
    fail(n, "rule " + id + ": examples." + kind + " must be a non-empty list");
  }
  std::vector<Example> out;
  for (const YAML::Node& e : n) out.push_back({scalar(e, kind), where(name, e.Mark())});
  return out;
}

// A rule's `params` for its kind (rule_kind.h).
class YamlParams final : public ParamReader {
 public:
  YamlParams(const YAML::Node& rule, const YAML::Node& params, const std::string& id, std::string_view type,
             const Fragments& fragments)
      : rule_(rule), params_(params), id_(id), type_(type), fragments_(fragments) {}

  bool has(std::string_view key) const override { return static_cast<bool>(params_[std::string(key)]); }
  std::string regex(std::string_view key, Regex* out) const override {
    const YAML::Node n = need(key);
    std::string pattern = expand(n, scalar(n, key), fragments_);
    *out = compile(n, pattern, id_);
    return pattern;
  }
  std::size_t number(std::string_view key, std::size_t fallback) const override {
    return has(key) ? whole_number(params_[std::string(key)], key) : fallback;
  }
  WordList words(std::string_view key) const override { return word_list(need(key), std::string(key).c_str()); }
  std::string one_of(std::string_view key, std::initializer_list<std::string_view> values) const override {
    const YAML::Node n = need(key);
    std::string v = scalar(n, key), expected;
    for (std::string_view value : values) {
      if (v == value) return v;
      expected += expected.empty() ? "" : ", ";
      expected += value;
    }
    ::normalize::internal::fail(n, "bad value '" + v + "' for '" + std::string(key) + "' (expected " + expected + ")");
  }
  [[noreturn]] void fail(std::string_view key, const std::string& message) const override {
    const YAML::Node n = params_[std::string(key)];
    ::normalize::internal::fail(n ? n : rule_, "rule " + id_ + ": " + message);
  }

 private:
  YAML::Node need(std::string_view key) const {
    const YAML::Node n = params_[std::string(key)];
    if (!n) ::normalize::internal::fail(rule_, "rule " + id_ + ": " + std::string(type_) + " needs params." + std::string(key));
    return n;
  }
  const YAML::Node& rule_;
  const YAML::Node& params_;
  const std::string& id_;
  std::string_view type_;
  const Fragments& fragments_;
};

Rule parse_rule(std::string_view name, const YAML::Node& n, const Fragments& fragments) {
  if (!n.IsMap()) fail(n, "a rule must be a mapping");
  check_keys(n, {"id", "category", "lang", "description", "type", "pattern", "needles", "min_words", "max_words",
                 "position", "window", "action", "params", "examples", "kind", "min_link_density",
                 "max_link_density", "links_only", "selector"},
             "rule");
  Rule r;
  r.where = where(name, n.Mark());
  if (!n["id"]) fail(n, "rule without 'id'");
  r.id = scalar(n["id"], "id");
  if (!valid_id(r.id)) fail(n["id"], "bad rule id '" + r.id + "' (dotted lowercase, e.g. en.byline.by-name)");
  for (const char* key : {"category", "lang"}) {
    if (!n[key]) fail(n, "rule " + r.id + ": missing '" + key + "'");
  }
  r.category = scalar(n["category"], "category");
  r.lang = scalar(n["lang"], "lang");
  if (n["description"]) r.description = scalar(n["description"], "description");
  if (n["type"]) {
    const std::string type = scalar(n["type"], "type");
    if (type != "regex") {
      r.kind = find_kind(type);
      if (!r.kind) {
        std::string expected = "regex";
        for (std::string_view t : kind_types()) expected += ", " + std::string(t);
        fail(n["type"], "bad value '" + type + "' for 'type' (expected " + expected + ")");
      }
    }
  }
  if (n["action"]) {
    r.action = one_of<Action>(n["action"], "action",
                              {{"remove", Action::kRemove},
                               {"remove-span", Action::kRemoveSpan},
                               {"remove-rest", Action::kRemoveRest},
                               {"remove-before", Action::kRemoveBefore},
                               {"remove-section", Action::kRemoveSection},
                               {"keep", Action::kKeep}});
  }
  if (n["kind"]) {
    const YAML::Node k = n["kind"];
    std::vector<YAML::Node> items;
    if (k.IsSequence()) {
      if (k.size() == 0) fail(k, "rule " + r.id + ": 'kind' must not be an empty list");
      for (const YAML::Node& e : k) items.push_back(e);
    } else {
      items.push_back(k);
    }
    for (const YAML::Node& e : items) {
      BlockKind kind = one_of<BlockKind>(e, "kind",
                                         {{"paragraph", BlockKind::kParagraph},
                                          {"heading", BlockKind::kHeading},
                                          {"list-item", BlockKind::kListItem},
                                          {"quote", BlockKind::kQuote},
                                          {"table", BlockKind::kTable},
                                          {"caption", BlockKind::kCaption},
                                          {"separator", BlockKind::kSeparator},
                                          {"html", BlockKind::kHtml}});
      r.kinds |= 1u << static_cast<unsigned>(kind);
    }
  }
  if (r.action == Action::kRemoveSection && r.kinds != 1u << static_cast<unsigned>(BlockKind::kHeading)) {
    fail(n["action"], "rule " + r.id + ": remove-section needs 'kind: heading' (a section is a heading and what it heads)");
  }
  if (n["min_link_density"]) r.min_link_density = fraction(n["min_link_density"], "min_link_density");
  if (n["max_link_density"]) r.max_link_density = fraction(n["max_link_density"], "max_link_density");
  if (n["links_only"]) {
    r.links_only = one_of<int>(n["links_only"], "links_only", {{"true", 1}, {"false", 0}});
  }
  if (n["selector"]) {
    r.selector_text = scalar(n["selector"], "selector");
    std::string error;
    if (!Selector::compile(r.selector_text, &r.selector, &error)) fail(n["selector"], "rule " + r.id + ": " + error);
  }
  if (n["position"]) {
    r.position = one_of<Position>(n["position"], "position",
                                  {{"any", Position::kAny}, {"head", Position::kHead}, {"tail", Position::kTail}});
  }
  if (n["window"]) r.window = whole_number(n["window"], "window");
  if (n["min_words"]) r.min_words = whole_number(n["min_words"], "min_words");
  if (n["max_words"]) r.max_words = whole_number(n["max_words"], "max_words");

  if (r.is_pattern()) {
    if (n["params"]) fail(n["params"], "rule " + r.id + ": 'params' is only for detector types");
    if (!n["pattern"]) {
      if (r.selector.empty()) fail(n, "rule " + r.id + ": missing 'pattern' (or 'selector')");
      if (r.action == Action::kRemoveSpan) fail(n, "rule " + r.id + ": remove-span needs a 'pattern'");
      if (n["needles"]) fail(n["needles"], "rule " + r.id + ": 'needles' needs a 'pattern'");
    } else {
      r.pattern = expand(n["pattern"], scalar(n["pattern"], "pattern"), fragments);
      r.regex = compile(n["pattern"], r.pattern, r.id);
      if (n["needles"]) {
        if (!n["needles"].IsSequence()) fail(n["needles"], "'needles' must be a list");
        for (const YAML::Node& e : n["needles"]) {
          std::string s = scalar(e, "needles");
          // Matched ASCII case-insensitively, other bytes exactly (symbols like © or ↑).
          bool ok = !s.empty() && std::none_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
          if (!ok) fail(e, "rule " + r.id + ": needle '" + s + "' must be non-empty, without upper-case letters");
          r.needles.push_back(s);
        }
      } else {
        r.needles = derive_needles(r.pattern);
      }
    }
  } else {
    if (n["pattern"]) fail(n["pattern"], "rule " + r.id + ": 'pattern' is only for type regex");
    if (n["needles"]) fail(n["needles"], "rule " + r.id + ": 'needles' is only for type regex");
    if (r.action != Action::kRemove) fail(n["action"], "rule " + r.id + ": detector rules only 'remove'");
    const YAML::Node p = n["params"] ? n["params"] : YAML::Node(YAML::NodeType::Map);
    if (!p.IsMap()) fail(p, "'params' must be a mapping");
    std::set<std::string> keys;
    for (std::string_view k : r.kind->param_keys()) keys.emplace(k);
    check_keys(p, keys, "params of " + std::string(r.kind->type()));
    r.params = r.kind->read(YamlParams(n, p, r.id, r.kind->type(), fragments));
  }

  const YAML::Node ex = n["examples"];
  if (!ex) fail(n, "rule " + r.id + ": missing 'examples' (both 'remove' and 'keep' are required)");
  if (!ex.IsMap()) fail(ex, "rule " + r.id + ": 'examples' must be a mapping with 'remove' and 'keep'");
  check_keys(ex, {"remove", "keep"}, "examples");
  if (!ex["remove"] || !ex["keep"]) {
    fail(ex, "rule " + r.id + ": examples need both 'remove' and 'keep'");
  }
  r.remove_examples = examples(name, ex["remove"], r.id, "remove");
  r.keep_examples = examples(name, ex["keep"], r.id, "keep");
  return r;
}

// "LANG/CATEGORY.yaml" -> {LANG, CATEGORY}; empty when `layout` is not that.
std::pair<std::string, std::string> split_layout(std::string_view layout) {
  std::size_t slash = layout.find('/');
  if (slash == std::string_view::npos || layout.find('/', slash + 1) != std::string_view::npos) return {};
  std::string_view file = layout.substr(slash + 1);
  std::size_t dot = file.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return {std::string(layout.substr(0, slash)), std::string(file.substr(0, dot))};
}

}  // namespace

Status RuleLoader::load_text(std::string_view name, std::string_view yaml, std::string_view layout) {
  for (std::string_view part : {name, std::string_view("\0", 1), yaml}) {
    for (unsigned char c : part) digest_ = (digest_ ^ c) * 1099511628211ull;
  }
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (!root || root.IsNull()) return Status();
    // A file is a list of rules, or a mapping with `fragments` and/or `rules`.
    auto [pack, category] = split_layout(layout);
    Fragments& fragments = fragments_[pack.empty() ? std::string(name) : pack];
    YAML::Node list = root;
    if (root.IsMap()) {
      check_keys(root, {"fragments", "rules"}, "a rule file");
      const YAML::Node frags = root["fragments"];
      if (frags) {
        if (!frags.IsMap()) fail(frags, "'fragments' must map names to regex text");
        for (auto it = frags.begin(); it != frags.end(); ++it) {
          std::string key = scalar(it->first, "fragment name");
          bool ok = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
          });
          if (!ok) fail(it->first, "fragment name '" + key + "' must be upper-case letters, digits and _");
          if (fragments.count(key)) fail(it->first, "duplicate fragment '" + key + "'");
          fragments[key] = scalar(it->second, key);
        }
      }
      list = root["rules"] ? root["rules"] : YAML::Node(YAML::NodeType::Sequence);
    }
    if (!list.IsSequence()) fail(list, "a rule file is a list of rules");
    std::vector<RulePtr> loaded;
    for (const YAML::Node& n : list) {
      Rule r = parse_rule(name, n, fragments);
      if (!pack.empty() && category.front() == '_') fail(n, "a file named _*.yaml holds fragments only");
      if (!pack.empty() && (r.id.rfind(pack + "." + category + ".", 0) != 0 || r.category != category)) {
        fail(n["id"], "rule " + r.id + ": in " + std::string(layout) + " ids read " + pack + "." + category +
                          ".NAME and the category is '" + category + "'");
      }
      auto [it, inserted] = seen_.emplace(r.id, r.where);
      if (!inserted) fail(n["id"], "duplicate rule id '" + r.id + "' (first defined at " + it->second + ")");
      loaded.push_back(std::make_shared<const Rule>(std::move(r)));
    }
    rules_.insert(rules_.end(), loaded.begin(), loaded.end());
    return Status();
  } catch (const LoadError& e) {
    return Status(StatusCode::kBadRule, where(name, e.mark) + ": error: " + e.message);
  } catch (const YAML::Exception& e) {
    return Status(StatusCode::kBadRule, where(name, e.mark) + ": error: " + e.msg);
  } catch (const std::exception& e) {
    return Status(StatusCode::kBadRule, std::string(name) + ": error: " + e.what());
  }
}

Status RuleLoader::load_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  const bool pack = fs::is_directory(path, ec);
  if (pack) {
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (it->is_regular_file(ec) && (p.extension() == ".yaml" || p.extension() == ".yml")) files.push_back(p);
    }
    if (ec) return Status(StatusCode::kIoError, path + ": " + ec.message());
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return Status(StatusCode::kIoError, f + ": cannot read rule file");
    std::ostringstream text;
    text << in.rdbuf();
    std::string layout = pack ? fs::path(f).lexically_relative(path).generic_string() : std::string();
    Status s = load_text(f, text.str(), layout);
    if (!s.ok()) return s;
  }
  return Status();
}

}  // namespace normalize::internal
