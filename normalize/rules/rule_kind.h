// Internal. Use normalize.h.
//
// Rule kinds other than a pattern or a selector: each YAML `type` is one
// RuleKind, in a file of its own under kinds/, listed once in
// kinds/registry.cc. A kind reads its own `params` (through ParamReader, so
// that only rule_loader.cc knows YAML), keeps them with each of its rules,
// and judges blocks with them. Kinds that judge the whole document
// (main-content, structure) are asked by the decide stage, not block by block.
#ifndef NORMALIZE_RULES_RULE_KIND_H_
#define NORMALIZE_RULES_RULE_KIND_H_

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/rules/regex.h"
#include "normalize/rules/word_list.h"
#include "normalize/text/decisions.h"

namespace normalize::internal {

struct Rule;

// A rule's `params` as its kind reads them. Every getter checks what it
// reads and, like fail(), ends the load with "path:line:col: error: rule ID:
// ..." at the offending node.
class ParamReader {
 public:
  virtual ~ParamReader() = default;
  virtual bool has(std::string_view key) const = 0;
  // A regex (fragments expanded, compiled); returns its text. Required.
  virtual std::string regex(std::string_view key, Regex* out) const = 0;
  // A whole number; `fallback` when absent.
  virtual std::size_t number(std::string_view key, std::size_t fallback) const = 0;
  // A non-empty list of lower-case words of two bytes or more. Required.
  virtual WordList words(std::string_view key) const = 0;
  // One of `values`. Required.
  virtual std::string one_of(std::string_view key, std::initializer_list<std::string_view> values) const = 0;
  [[noreturn]] virtual void fail(std::string_view key, const std::string& message) const = 0;
};

// A kind's own parameters, kept with each of its rules (Rule::params).
struct KindParams {
  virtual ~KindParams() = default;
};

// Searches `re` (a parameter regex of `rule`) in `text`; false on error.
using ParamSearch = std::function<bool(const Rule& rule, const Regex& re, std::string_view text)>;

class RuleKind {
 public:
  virtual ~RuleKind() = default;
  // The YAML `type`, and the keys its `params` may hold.
  virtual std::string_view type() const = 0;
  virtual std::vector<std::string_view> param_keys() const = 0;
  virtual std::shared_ptr<const KindParams> read(const ParamReader& params) const = 0;
  // Whether the evaluator asks it block by block; if not, the kind judges the
  // whole document and the decide stage asks it (RuleSet::main_content()...).
  virtual bool per_block() const { return true; }
  // Whether it judges HTML blocks by their elements (`elements` below): its
  // rules see only blocks read from HTML, and their examples are HTML.
  virtual bool reads_dom() const { return false; }
  // Whether it looks once a pass at all blocks before they are asked
  // (begin_pass), and what it found there, handed to matches() as `pass`.
  // `elements`: the Document's HTML elements (empty for other formats).
  virtual bool per_pass() const { return false; }
  virtual std::size_t begin_pass(const Rule&, const BlockList&, const std::vector<DomElement>& /*elements*/,
                                 const ParamSearch&) const {
    return 0;
  }
  // Whether block i of the surviving `blocks` is what `rule` removes.
  virtual bool matches(const Rule&, const BlockList&, const std::vector<DomElement>& /*elements*/,
                       std::size_t /*i*/, std::size_t /*pass*/, const ParamSearch&) const {
    return false;
  }
};

// The registered kinds (kinds/registry.cc): the one of a YAML `type`, or null.
const RuleKind* find_kind(std::string_view type);
// Every registered type, in the order error messages list them.
std::vector<std::string_view> kind_types();

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_RULE_KIND_H_
