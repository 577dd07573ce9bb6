// Command-line parsing with CLI11: records and checks flags, opens nothing.
#include "normalize/cli.h"

#include <CLI/CLI.hpp>

namespace normalize::cli {

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
                 "Write one JSON object per removal to FILE (doc, rule, category, action, start, end, line, text)")
      ->type_name("FILE");
  app.add_option("--doc-id", a->doc_id, "The audit's \"doc\" for stdin (default \"-\"; files use their path)");
  app.add_flag("--explain", a->explain, "Print the input with each removed region marked [-text-]{rule-id}");
  app.add_option("--color", a->color, "Colour for --explain: auto (when stdout is a terminal), always, never")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Color>{{"auto", Color::kAuto}, {"always", Color::kAlways}, {"never", Color::kNever}}));
  app.add_flag("--nfkc", a->nfkc, "Normalise to NFKC instead of NFC");
  app.add_option("--rules", a->rule_paths, "Load rules from a YAML file or a directory (repeatable)")
      ->type_name("PATH")
      ->take_all()
      ->allow_extra_args(false);
  app.add_flag("--no-default-rules", a->no_default_rules, "Do not load the compiled-in rule packs");
  app.add_option("--disable", a->disabled, "Leave out a rule id or a whole category (repeatable)")
      ->type_name("ID|CATEGORY")
      ->allow_extra_args(false);
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
  return out;
}

}  // namespace normalize::cli
