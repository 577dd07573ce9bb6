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
  // Parses one pack; `name` prefixes error messages.
  Status load_text(std::string_view name, std::string_view yaml);
  // A .yaml/.yml file, or a directory searched recursively (files in path order).
  Status load_path(const std::string& path);

  std::vector<RulePtr> take() { return std::move(rules_); }
  // FNV-1a over every pack's name and text, in load order.
  std::uint64_t digest() const { return digest_; }

 private:
  std::vector<RulePtr> rules_;
  std::map<std::string, std::string> seen_;  // id -> where first defined
  std::map<std::string, std::string> fragments_;  // name -> regex text, for {{name}} in patterns
  std::uint64_t digest_ = 14695981039346656037ull;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_RULE_LOADER_H_
