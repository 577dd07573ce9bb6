// The normalize command: builds the engine, dispatches the mode, maps the
// outcome to exit codes (0 ok, 1 input errors, 2 usage or rule errors).
// A closed stdout pipe ends the run quietly with 0.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <string>

#include "normalize/cli/cli.h"
#include "normalize/dump/jsonl.h"
#include "normalize/normalize.h"

namespace {

void die_quietly_on_epipe() {
  if (errno == EPIPE) std::_Exit(0);
}

void write_out(std::string_view s) {
  if (s.empty()) return;
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) {
    die_quietly_on_epipe();
    std::fprintf(stderr, "normalize: error writing output: %s\n", std::strerror(errno));
    std::_Exit(1);
  }
}

void message(const std::string& text) { std::fprintf(stderr, "normalize: %s\n", text.c_str()); }

// Reads a whole file ("-" = stdin) in binary; false with *error on failure.
bool read_all(const std::string& path, std::string* out, std::string* error) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = std::strerror(errno);
    return false;
  }
  out->clear();
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
  bool ok = !std::ferror(f);
  if (!ok) *error = std::strerror(errno);
  if (f != stdin) std::fclose(f);
  return ok;
}

int rules_list(const normalize::Engine& engine) {
  std::string out;
  for (const auto& r : engine.rules()) {
    out += r.id + "\t" + r.category + "\t" + r.lang + "\t" + r.action + (r.type == "regex" ? "" : "\t" + r.type) + "\n";
  }
  write_out(out);
  return 0;
}

int rules_test(const normalize::Engine& engine) {
  auto failures = engine.test_rules();
  std::string out;
  for (const auto& f : failures) out += f.where + ": error: rule " + f.rule + ": " + f.message + "\n";
  std::size_t failed_rules = 0;
  std::string last;
  for (const auto& f : failures) {
    if (f.rule != last) ++failed_rules;
    last = f.rule;
  }
  std::size_t total = engine.rules().size();
  out += "rules test: " + std::to_string(total - failed_rules) + " passed, " + std::to_string(failed_rules) +
         " failed\n";
  write_out(out);
  return failures.empty() ? 0 : 1;
}

int clean_inputs(const normalize::Engine& engine, const normalize::cli::CliArgs& args) {
  const normalize::Format format = args.from == "text"       ? normalize::Format::kText
                                   : args.from == "markdown" ? normalize::Format::kMarkdown
                                   : args.from == "html"     ? normalize::Format::kHtml
                                                             : normalize::Format::kAuto;
  std::FILE* audit = nullptr;
  if (args.audit_path == "-") {
    audit = stdout;  // the outputs go to --out-dir (cli.cc refuses both on stdout)
  } else if (!args.audit_path.empty()) {
    audit = std::fopen(args.audit_path.c_str(), "wb");
    if (!audit) {
      message(args.audit_path + ": error: cannot open audit file: " + std::strerror(errno));
      return 2;
    }
  }
  bool color = args.color == normalize::cli::Color::kAlways ||
               (args.color == normalize::cli::Color::kAuto && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
  std::vector<std::string> files = args.files;
  std::vector<std::string> ids(files.size());
  if (!args.list_path.empty()) {
    std::string list, error;
    if (!read_all(args.list_path, &list, &error)) {
      message(args.list_path + ": error: cannot read: " + error);
      return 2;
    }
    std::size_t at = 0;
    while (at < list.size()) {
      std::size_t nl = list.find('\n', at);
      std::string line = list.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
      at = nl == std::string::npos ? list.size() : nl + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      std::size_t tab = line.find('\t');
      files.push_back(tab == std::string::npos ? line : line.substr(tab + 1));
      ids.push_back(tab == std::string::npos ? "" : line.substr(0, tab));
    }
  }
  if (files.empty()) {
    files.push_back("-");
    ids.push_back("");
  }
  int status = 0;
  std::string input;
  std::vector<std::pair<double, std::size_t>> times;  // --stats: milliseconds cleaning each input, its index
  std::size_t bytes_in = 0, bytes_out = 0;
  const auto start = std::chrono::steady_clock::now();
  normalize::Scratch scratch = engine.make_scratch();  // reused by every input
  for (std::size_t n = 0; n < files.size(); ++n) {
    const std::string& file = files[n];
    std::string error;
    std::string name = file == "-" ? "<stdin>" : file;
    if (!read_all(file, &input, &error)) {
      message(name + ": error: cannot read: " + error);
      status = 1;
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    normalize::Result r = engine.clean(input, format, scratch);
    times.emplace_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(), n);
    bytes_in += input.size();
    bytes_out += r.text.size();
    for (const auto& w : r.warnings) message(name + ": warning: " + w.message);
    if (!args.out_dir.empty()) {
      std::string id = ids[n];
      if (id.empty()) {
        id = file == "-" ? "stdin" : file.substr(file.find_last_of('/') + 1);
        id = id.substr(0, id.rfind('.'));
      }
      std::string path = args.out_dir + "/" + id + ".txt";
      std::ofstream out(path, std::ios::binary);
      std::string text = args.explain ? normalize::explain(input, r, color) : r.text;
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      if (!out.flush()) {
        message(path + ": error: cannot write");
        status = 1;
      }
    } else {
      write_out(args.explain ? normalize::explain(input, r, color) : r.text);
    }
    if (audit) {
      std::string doc = file == "-" ? (args.doc_id.empty() ? "-" : args.doc_id) : file;
      std::string lines;
      for (const auto& removal : r.removals) lines += normalize::audit_json(removal, doc, r.lang) + "\n";
      if (std::fwrite(lines.data(), 1, lines.size(), audit) != lines.size()) {
        if (audit == stdout) die_quietly_on_epipe();
        message(args.audit_path + ": error: writing audit: " + std::strerror(errno));
        status = 1;
      }
    }
  }
  if (audit && audit != stdout && std::fclose(audit) != 0) {
    message(args.audit_path + ": error: writing audit: " + std::strerror(errno));
    status = 1;
  }
  if (std::fflush(stdout) != 0) {
    die_quietly_on_epipe();
    message(std::string("error writing output: ") + std::strerror(errno));
    return 1;
  }
  if (args.stats && !times.empty()) {
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::sort(times.begin(), times.end());
    char line[512];
    std::snprintf(line, sizeof line,
                  "%zu inputs, %.1f MB in, %.1f MB out, %.2f s (%.1f inputs/s, %.1f MB/s); per input: median %.2f ms, "
                  "slowest %.2f ms (%s)",
                  times.size(), bytes_in / 1e6, bytes_out / 1e6, wall, times.size() / wall, bytes_in / 1e6 / wall,
                  times[times.size() / 2].first, times.back().first, files[times.back().second].c_str());
    message(line);
  }
  return status;
}

int clean_jsonl(const normalize::Engine& engine, const normalize::cli::CliArgs& args) {
  normalize::jsonl::JsonlOptions o;
  o.inputs = args.files.empty() ? std::vector<std::string>{"-"} : args.files;
  o.output = args.output;
  o.audit_path = args.audit_path;
  o.text_field = args.text_field;
  o.id_field = args.id_field;
  o.format_field = args.format_field;
  o.removed_field = args.removed_field;
  o.from = args.from == "html" ? normalize::Format::kHtml
           : args.from == "markdown" ? normalize::Format::kMarkdown
           : args.from == "auto" ? normalize::Format::kAuto
                                  : normalize::Format::kText;
  o.drop_empty = args.drop_empty;
  o.threads = args.threads;
  o.progress = !args.quiet && isatty(STDERR_FILENO);
  o.stats = args.stats;
  if (const char* b = std::getenv("NORMALIZE_BATCH_BYTES")) o.batch_bytes = std::max(1ul, std::strtoul(b, nullptr, 10));
  return normalize::jsonl::run_jsonl(engine, o);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe becomes EPIPE, handled as quiet success
  normalize::cli::CliArgs args;
  normalize::cli::ParseOutcome parsed = normalize::cli::parse_cli(argc, argv, &args);
  if (!parsed.run) {
    if (parsed.is_error) {
      message(parsed.message);
    } else {
      write_out(parsed.message);
      std::fflush(stdout);
    }
    return parsed.exit_code;
  }

  normalize::Options options;
  options.default_rules = !args.no_default_rules;
  options.model = !args.no_model;
  options.model_path = args.model_path;
  options.rule_paths = args.rule_paths;
  options.disabled = args.disabled;
  options.nfkc = args.nfkc;
  options.lang = args.lang;
  options.to = args.to == "markdown" ? normalize::Output::kMarkdown : normalize::Output::kText;
  auto engine = normalize::Engine::create(options);
  if (!engine.ok()) {
    message(engine.status().message());
    return 2;
  }

  switch (args.mode) {
    case normalize::cli::Mode::kVersion:
      write_out("normalize " + std::string(normalize::version()) + " (rules " + engine->rules_hash() + ", " +
                std::to_string(engine->rules().size()) + " rules)\n");
      std::fflush(stdout);
      return 0;
    case normalize::cli::Mode::kRulesList: {
      int rc = rules_list(*engine);
      std::fflush(stdout);
      return rc;
    }
    case normalize::cli::Mode::kRulesTest: {
      int rc = rules_test(*engine);
      std::fflush(stdout);
      return rc;
    }
    case normalize::cli::Mode::kClean:
      break;
  }
  if (args.jsonl) return clean_jsonl(*engine, args);
  return clean_inputs(*engine, args);
}
