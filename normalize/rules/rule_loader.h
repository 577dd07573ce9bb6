// Internal. Use normalize.h.
//
// YAML rule packs -> Rules. Every problem is reported as a Status whose
// message is "path:line:col: error: ...". The only file that knows yaml-cpp.
#ifndef NORMALIZE_RULES_RULE_LOADER_H_
#define NORMALIZE_RULES_RULE_LOADER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/normalize.h"
#include "normalize/rules/rule.h"

namespace normalize::internal {

class RuleLoader {
 public:
  // Parses one rule file; `name` prefixes error messages. `layout` is its
  // path inside a pack directory, "LANG/CATEGORY.yaml": then every id must
  // read LANG.CATEGORY.NAME and every category be CATEGORY (files named
  // _*.yaml hold fragments only). Fragments are seen by the files of their
  // own folder (LANG), or, without a layout, of their own file only.
  Status load_text(std::string_view name, std::string_view yaml, std::string_view layout = {});
  // A .yaml/.yml file, or a pack directory searched recursively (files in
  // path order, each with its layout below the directory).
  Status load_path(const std::string& path);

  std::vector<RulePtr> take() { return std::move(rules_); }
  // FNV-1a over every pack's name and text, in load order.
  std::uint64_t digest() const { return digest_; }

 private:
  std::vector<RulePtr> rules_;
  std::map<std::string, std::string> seen_;  // id -> where first defined
  // Per scope (a pack folder, or a file), name -> regex text, for {{name}} in patterns.
  std::map<std::string, std::map<std::string, std::string>> fragments_;
  std::uint64_t digest_ = 14695981039346656037ull;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_RULE_LOADER_H_
