// Command-line parsing with CLI11: records and checks flags, opens nothing.
#include "normalize/cli/cli.h"

#include <CLI/CLI.hpp>

namespace normalize::cli {

bool is_jsonl_name(const std::string& path) {
  std::string p = path;
  for (const char* ext : {".gz", ".zst", ".zstd"}) {
    std::string e(ext);
    if (p.size() > e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0) p.resize(p.size() - e.size());
  }
  auto ends = [&](const std::string& e) { return p.size() > e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0; };
  return ends(".jsonl") || ends(".ndjson");
}

ParseOutcome parse_cli(int argc, const char* const* argv, CliArgs* a) {
  CLI::App app{
      "normalize: strip boilerplate (comment widgets, subscription prompts, bylines, disclaimers,\n"
      "captions and credits, share buttons, author promos, navigation, related links) from scraped\n"
      "articles, write the rest in one canonical form, and record every removal.\n\n"
      "Reads FILEs (or stdin) and writes the cleaned text to stdout.",
      "normalize"};
  app.set_version_flag("", "");
  bool version = false;
  app.add_flag("--version", version, "Print the version and a hash of the loaded rules");
  app.add_option("files", a->files, "Input files (default: stdin); outputs are concatenated")
      ->type_name("FILE...");
  app.add_option("--from", a->from, "Input format: auto (guess from the bytes), text, markdown, html")
      ->check(CLI::IsMember({"auto", "text", "markdown", "html"}))
      ->capture_default_str();
  app.add_option("--to", a->to, "Output format: text (plain paragraphs) or markdown (canonical CommonMark)")->check(CLI::IsMember({"text", "markdown"}))->capture_default_str();
  app.add_option("--list", a->list_path,
                 "Also read the inputs named in FILE, one a line: PATH, or ID<TAB>PATH (ID names the output)")
      ->type_name("FILE");
  app.add_option("--out-dir", a->out_dir,
                 "Write each input's output to DIR/ID.txt (ID: from --list, else the file's name) instead of stdout")
      ->type_name("DIR");
  app.add_option("--audit", a->audit_path,
                 "Write one JSON object per removal to FILE (doc, rule, category, action, start, end, line, text); "
                 "- is stdout, when the output goes elsewhere (-o FILE, --out-dir DIR)")
      ->type_name("FILE");
  app.add_option("--doc-id", a->doc_id, "The audit's \"doc\" for stdin (default \"-\"; files use their path)");
  app.add_flag("--explain", a->explain, "Print the input with each removed region marked [-text-]{rule-id}");
  app.add_option("--color", a->color, "Colour for --explain: auto (when stdout is a terminal), always, never")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Color>{{"auto", Color::kAuto}, {"always", Color::kAlways}, {"never", Color::kNever}})
                     .description(""))
      ->type_name("WHEN");
  app.add_flag("--nfkc", a->nfkc, "Normalise to NFKC instead of NFC");
  app.add_option("--lang", a->lang,
                 "Document language, which picks the rule packs: auto (detect per document), a code such as en "
                 "or de (force it), all (every pack, no detection)")
      ->type_name("LANG")
      ->capture_default_str();
  app.add_option("--rules", a->rule_paths, "Load rules from a YAML file or a directory (repeatable)")
      ->type_name("PATH")
      ->take_all()
      ->allow_extra_args(false);
  app.add_flag("--no-default-rules", a->no_default_rules,
               "Do not load the compiled-in rule packs (nor the compiled-in model, which goes with them)");
  auto* model = app.add_option("--model", a->model_path,
                 "Use this block model (rules/models/ format) instead of the compiled-in one")
      ->type_name("FILE");
  app.add_flag("--no-model", a->no_model,
               "Rules only: no block model (the trained classifier that judges what the rules keep)")
      ->excludes(model);
  app.add_option("--disable", a->disabled, "Leave out a rule id or a whole category, the model's too (repeatable)")
      ->type_name("ID|CATEGORY")
      ->allow_extra_args(false);
  auto* jsonl = app.add_option_group("JSONL dumps", "One JSON object per line (also gzip/zstd, by magic bytes)");
  jsonl->add_flag("--jsonl", a->jsonl,
                  "Read JSON Lines: clean each record's text field, pass every other byte through, keep the order "
                  "(chosen automatically for *.jsonl and *.ndjson, also .gz/.zst)");
  jsonl->add_option("-o,--output", a->output, "Write to FILE (.gz and .zst are compressed; default and -: stdout)")
      ->type_name("FILE");
  jsonl->add_option("--text-field", a->text_field, "The field to clean")->capture_default_str();
  jsonl->add_option("--id-field", a->id_field, "The field used as the audit's doc (else the line number)")
      ->capture_default_str();
  jsonl->add_option("--format-field", a->format_field,
                    "A field naming each record's format (text, markdown, html); else --from")
      ->type_name("NAME");
  jsonl->add_option("--removed-field", a->removed_field, "Add each record's removals to it as field NAME")
      ->type_name("NAME");
  jsonl->add_flag("--drop-empty", a->drop_empty, "Leave out records whose cleaned text is empty (kept by default)");
  jsonl->add_option("--threads", a->threads, "Worker threads (default: every core)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");
  jsonl->add_flag("-q,--quiet", a->quiet, "No progress display on stderr");
  jsonl->add_flag("--stats", a->stats,
                  "Print a summary on stderr at the end: records, bytes, removals by category and rule, errors, "
                  "time, MB/s (files: inputs, bytes, inputs/s, MB/s, median and slowest input)");
  app.footer(
      "Commands:\n"
      "  normalize rules list   id, category, lang and action of every loaded rule\n"
      "  normalize rules test   check every rule against its own remove/keep examples\n\n"
      "Exit status: 0 ok, 1 input errors (each reported with its file), 2 usage or rule-file errors.");

  CLI::App* rules = app.add_subcommand("rules", "Inspect and test the loaded rules")->require_subcommand(1);
  rules->fallthrough();
  CLI::App* list = rules->add_subcommand("list", "List the loaded rules");
  CLI::App* test = rules->add_subcommand("test", "Check every rule against its examples");
  list->fallthrough();
  test->fallthrough();

  ParseOutcome out;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return {false, 0, app.help(), false};
  } catch (const CLI::CallForAllHelp&) {
    return {false, 0, app.help("", CLI::AppFormatMode::All), false};
  } catch (const CLI::ParseError& e) {
    return {false, 2, std::string(e.what()) + "\nRun 'normalize --help' for usage.", true};
  }
  if (version) a->mode = Mode::kVersion;
  if (list->parsed()) a->mode = Mode::kRulesList;
  if (test->parsed()) a->mode = Mode::kRulesTest;
  if (!a->jsonl) {
    for (const std::string& f : a->files) a->jsonl = a->jsonl || is_jsonl_name(f);
  }
  if (a->jsonl && a->explain) return {false, 2, "--explain does not apply to --jsonl", true};
  if (!a->jsonl && a->output != "-" && a->mode == Mode::kClean) {
    return {false, 2, "-o/--output is for JSONL mode (--jsonl); plain text goes to stdout", true};
  }
  // "-" is stdout for every path. Two streams interleaved on it could not be
  // told apart again, so the audit goes there only when nothing else does.
  if (a->out_dir == "-") {
    return {false, 2, "--out-dir - names no directory; without --out-dir the text goes to stdout", true};
  }
  if (a->mode == Mode::kClean && a->audit_path == "-") {
    if (a->jsonl && a->output == "-") {
      return {false, 2,
              "--audit - and the output records would both go to stdout; write the records with -o FILE or the "
              "audit with --audit FILE",
              true};
    }
    if (!a->jsonl && a->out_dir.empty()) {
      return {false, 2,
              std::string("--audit - and the ") + (a->explain ? "--explain output" : "cleaned text") +
                  " would both go to stdout; write the text with --out-dir DIR or the audit with --audit FILE",
              true};
    }
  }
  if (a->mode == Mode::kClean && a->jsonl && !a->audit_path.empty() && a->audit_path == a->output) {
    return {false, 2, "-o and --audit both name " + a->output + "; the audit needs a file of its own", true};
  }
  return out;
}

}  // namespace normalize::cli
