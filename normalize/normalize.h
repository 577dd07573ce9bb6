// normalize.h -- the only public header of the normalize library.
//
// normalize removes boilerplate (comment widgets, subscription prompts, bylines,
// disclaimers, captions, share buttons, ...) from scraped articles, writes what
// remains in one canonical form and records every removal for audit.
//
//   normalize::Options options;                      // default English pack
//   auto engine = normalize::Engine::create(options);
//   if (!engine.ok()) { report(engine.status().message()); return; }
//   normalize::Result r = engine->clean(article, normalize::Format::kText);
//   // r.text: canonical text; r.removals: what was cut and by which rule.
//
// An Engine is built once and is immutable: clean() is const and safe to call
// from many threads at once. What a clean() reuses from one document to the
// next (scan space, match results, buffers) is a Scratch: a thread that
// cleans many documents makes one and passes it to each call (see Scratch).
// Nothing in this library prints, exits, aborts or lets an exception escape
// through this header.
#ifndef NORMALIZE_NORMALIZE_H_
#define NORMALIZE_NORMALIZE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace normalize {

// ---------------------------------------------------------------------------
// Status: errors are values.
// ---------------------------------------------------------------------------

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // a bad option value
  kBadRule,          // a rule file failed to load; message is "path:line:col: error: ..."
  kIoError,          // a file could not be read
  kInternal,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design
  StatusOr(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return std::get<T>(v_); }

 private:
  std::variant<Status, T> v_;
};

// ---------------------------------------------------------------------------
// Formats, options, results.
// ---------------------------------------------------------------------------

enum class Format { kAuto, kText, kMarkdown, kHtml };
enum class Output { kText, kMarkdown };

// A rule pack held in memory: `name` is used in error messages ("name:line:col").
struct RulePack {
  std::string name;
  std::string yaml;
};

struct Options {
  Output to = Output::kText;
  bool nfkc = false;                     // NFKC instead of NFC
  bool default_rules = true;             // the compiled-in packs (rules/ at build time)
  std::vector<std::string> rule_paths;   // YAML files or directories (*.yaml, recursively)
  std::vector<RulePack> rule_packs;      // packs given as text
  std::vector<std::string> disabled;     // rule ids or categories to leave out
  std::size_t max_input_bytes = std::size_t{4} << 30;  // larger inputs are kept whole, with a warning
  int max_passes = 16;                   // rule passes per document before giving up on a fixpoint
  // The document language, which chooses the rule packs: "auto" detects it
  // per document (from the first 1 KB of its text); a code ("en", "de", ...)
  // forces it; "all" runs every pack without detecting. The pack of the
  // language runs, with the English pack (English UI strings are found on
  // pages in every language) and the language-neutral rules (`lang: any`).
  // Every pack runs when detection is unsure (too little text, low
  // confidence, mixed languages) or the language has no pack, so recall
  // never drops below running them all.
  std::string lang = "auto";
  // The block model, a trained classifier that judges what the rules kept
  // (rules/models/): the compiled-in one, which goes with the default packs
  // (no default rules, no compiled-in model), or the file `model_path`; off
  // when `model` is false. `disabled` applies to its categories
  // ("model.CATEGORY" or the category) too.
  bool model = true;
  std::string model_path;
};

// One cut. input[start, end) == text, byte for byte.
struct Removal {
  std::string rule;      // e.g. "en.comment-widget.leave-a-reply"
  std::string category;  // e.g. "comment-widget"
  std::string action;    // "remove", "remove-span", "remove-rest", "remove-before"
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t line = 0;  // 1-based line of `start`
  std::string text;
  // The block model's probability that the text is boilerplate (its rule is
  // "model.CATEGORY"); -1 for removals by rules.
  double score = -1;
};

// Something the caller should hear about; the document was still processed.
struct Warning {
  std::string code;      // "invalid-utf8", "nul-bytes", "regex-error", "too-large", "no-fixpoint", ...
  std::size_t offset = 0;  // byte offset in the input the warning refers to
  std::string message;
};

struct Result {
  std::string text;                 // canonical output
  // The language forced, or detected when a rule of another pack than English
  // matched (detection is dear, and English and neutral rules run anyway);
  // "und": detection found none (every pack ran); empty: it was not needed.
  std::string lang;
  std::vector<Removal> removals;    // sorted by start, disjoint
  std::vector<Warning> warnings;
};

struct RuleInfo {
  std::string id, category, lang, action, type;
  std::string where;  // "path:line"
};

// A rule example that did not behave as its rule says.
struct ExampleFailure {
  std::string rule;
  std::string where;    // "path:line:col" of the example
  std::string message;  // what went wrong
};

// ---------------------------------------------------------------------------
// Engine.
// ---------------------------------------------------------------------------

// One thread's working memory for Engine::clean: the regex engines' scan
// space and match results, the rule evaluator's buffers. Reusing one from
// document to document spares allocating them for each:
//
//   normalize::Scratch scratch = engine->make_scratch();  // one per thread
//   for (const std::string& article : articles) {
//     normalize::Result r = engine->clean(article, normalize::Format::kHtml, scratch);
//   }
//
// A Scratch must never be used by two threads at once: it is not locked, and
// two clean() calls sharing one at the same time spoil each other's work
// (wrong results, or a crash). One thread may hand it to another between
// calls. It holds nothing that changes a Result: the same input gives the
// same Result with any Scratch, fresh or used, whichever Engine made it. A
// moved-from Scratch is made afresh by the next clean() given it.
class Scratch {
 public:
  Scratch(Scratch&&) noexcept;
  Scratch& operator=(Scratch&&) noexcept;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch();

 private:
  friend class Engine;
  struct Impl;
  explicit Scratch(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class Engine {
 public:
  // Loads and compiles every rule pack. Fails with kBadRule on the first bad
  // rule file (message "path:line:col: error: ..."), kIoError on an unreadable path.
  static StatusOr<Engine> create(const Options& options);

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  // Cleans one document. Never fails: any byte string yields a Result; what
  // went wrong on the way is in Result::warnings. Uses the calling thread's
  // own Scratch, which the library keeps for it until the thread ends.
  Result clean(std::string_view input, Format from = Format::kText) const;
  // The same, working in `scratch`, which no other thread may be using.
  Result clean(std::string_view input, Format from, Scratch& scratch) const;
  // A new Scratch for clean() (see Scratch).
  Scratch make_scratch() const;

  std::vector<RuleInfo> rules() const;
  // Runs every rule on its own examples: each `remove` example must be cut by
  // that rule; each `keep` example must survive the whole loaded pack.
  std::vector<ExampleFailure> test_rules() const;
  // A short hex digest of the loaded rules (sources and enable state).
  std::string rules_hash() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

// ---------------------------------------------------------------------------
// Audit helpers.
// ---------------------------------------------------------------------------

// One JSON object (no trailing newline) for a removal of document `doc`,
// whose language (Result::lang) was `lang`:
//   {"doc":"a.txt","lang":"en","rule":"...","category":"...","action":"...",
//    "start":0,"end":9,"line":1,"text":"..."}
std::string audit_json(const Removal& removal, std::string_view doc, std::string_view lang);

// The input with every removed region marked: "[-text-]{rule}" in plain mode,
// coloured (red text, rule in cyan) when `color` is true.
std::string explain(std::string_view input, const Result& result, bool color);

std::string_view version();

}  // namespace normalize

#endif  // NORMALIZE_NORMALIZE_H_
