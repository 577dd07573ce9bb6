// Internal to the normalize executable.
//
// argv -> CliArgs, with no I/O: help and error texts are returned for main.cc
// to print, so the parser is unit-testable.
#ifndef NORMALIZE_CLI_CLI_H_
#define NORMALIZE_CLI_CLI_H_

#include <string>
#include <vector>

namespace normalize::cli {

enum class Mode { kClean, kRulesList, kRulesTest, kVersion };
enum class Color { kAuto, kAlways, kNever };

struct CliArgs {
  Mode mode = Mode::kClean;
  std::vector<std::string> files;  // empty: stdin
  std::string list_path;  // --list: more inputs, one "PATH" or "ID<TAB>PATH" a line
  std::string out_dir;    // --out-dir: each input's output to DIR/ID.txt instead of stdout
  std::string from = "auto";
  std::string to = "text";
  std::string audit_path;
  std::string doc_id;  // audit "doc" for stdin (default "-")
  std::vector<std::string> rule_paths;
  std::vector<std::string> disabled;
  bool no_default_rules = false;
  std::string model_path;  // --model
  bool no_model = false;
  bool explain = false;
  bool nfkc = false;
  std::string lang = "auto";  // --lang: auto (detect), all (every pack), or a language code
  Color color = Color::kAuto;

  // JSONL mode (--jsonl, or chosen by a .jsonl/.ndjson input name).
  bool jsonl = false;
  std::string output = "-";  // -o FILE
  std::string text_field = "text";
  std::string id_field = "id";
  std::string format_field;
  std::string removed_field;
  bool drop_empty = false;
  int threads = 0;  // 0: every core
  bool quiet = false;
  bool stats = false;
};

// True for names like dump.jsonl, dump.ndjson.gz, dump.jsonl.zst.
bool is_jsonl_name(const std::string& path);

struct ParseOutcome {
  bool run = true;      // false: print `message` and exit with `exit_code`
  int exit_code = 0;
  std::string message;  // help text (stdout) or error (stderr)
  bool is_error = false;
};

ParseOutcome parse_cli(int argc, const char* const* argv, CliArgs* args);

}  // namespace normalize::cli

#endif  // NORMALIZE_CLI_CLI_H_
