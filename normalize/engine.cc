// Engine: builds the rule set once (Engine::create) and runs read -> decide
// -> render for each document (clean). The exception firewall: nothing thrown
// below escapes through normalize.h.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <new>

#include "normalize/normalize.h"
#include "normalize/decide/block_features.h"
#include "normalize/decide/decide.h"
#include "normalize/decide/scratch.h"
#include "normalize/engine.h"
#include "normalize/read/read.h"
#include "normalize/render/render.h"
#include "normalize/rules/rule_loader.h"

namespace normalize {

using internal::RulePtr;
using internal::RuleSet;

struct Engine::Impl {
  Options options;
  RuleSet rules;
  std::optional<internal::BlockModel> model;
  std::string hash;
  internal::Tuning tuning;
  // Every Hyperscan database is compiled here, so clean() never compiles.
  Impl(Options o, std::vector<RulePtr> r, std::optional<internal::BlockModel> m, std::string h)
      : options(std::move(o)), rules(std::move(r), internal::Compile::kNow), model(std::move(m)),
        hash(std::move(h)) {}
};

struct Scratch::Impl {
  internal::Scratch scratch;
};

Scratch::Scratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Scratch::Scratch(Scratch&&) noexcept = default;
Scratch& Scratch::operator=(Scratch&&) noexcept = default;
Scratch::~Scratch() = default;

Engine::Engine(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

std::string_view version() { return "0.1.0"; }

namespace {

// "auto", "all", or a language code: two or three lower-case letters, then
// optional "-subtag"s of letters and digits ("en", "pt-BR", "zh-Hant").
bool valid_lang_option(std::string_view lang) {
  if (lang == "auto" || lang == "all") return true;
  std::size_t i = 0;
  while (i < lang.size() && lang[i] >= 'a' && lang[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  while (i < lang.size()) {
    if (lang[i++] != '-') return false;
    std::size_t n = 0;
    for (; i < lang.size() && std::isalnum(static_cast<unsigned char>(lang[i])); ++i) ++n;
    if (n == 0) return false;
  }
  return true;
}

}  // namespace

StatusOr<Engine> Engine::create(const Options& options) {
  if (!valid_lang_option(options.lang)) {
    return Status(StatusCode::kInvalidArgument,
                  "--lang " + options.lang + ": expected auto, all or a language code such as en");
  }
  try {
    internal::RuleLoader loader;
    if (options.default_rules) {
      for (const auto& pack : internal::default_packs()) {
        Status s = loader.load_text(pack.name, pack.yaml, pack.layout());
        if (!s.ok()) return s;
      }
    }
    for (const RulePack& pack : options.rule_packs) {
      Status s = loader.load_text(pack.name, pack.yaml);
      if (!s.ok()) return s;
    }
    for (const std::string& path : options.rule_paths) {
      Status s = loader.load_path(path);
      if (!s.ok()) return s;
    }
    std::vector<RulePtr> rules = loader.take();
    auto model = internal::load_block_model(options);
    if (!model.ok()) return model.status();
    for (const std::string& d : options.disabled) {
      auto matches = [&](const RulePtr& r) { return r->id == d || r->category == d; };
      const bool model_matches = model->has_value() && (*model)->disable(d);
      if (std::none_of(rules.begin(), rules.end(), matches) && !model_matches) {
        return Status(StatusCode::kInvalidArgument, "--disable " + d + ": no rule has that id or category");
      }
      rules.erase(std::remove_if(rules.begin(), rules.end(), matches), rules.end());
    }
    if (rules.size() > 65535) return Status(StatusCode::kInvalidArgument, "more than 65535 rules");
    std::uint64_t h = loader.digest();
    for (const RulePtr& r : rules) {
      for (unsigned char c : r->id + "\n") h = (h ^ c) * 1099511628211ull;
    }
    if (model->has_value()) {
      for (unsigned char c : (*model)->digest) h = (h ^ c) * 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return Engine(std::make_unique<const Impl>(options, std::move(rules), std::move(model.value()), hex));
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::kInternal, "out of memory while loading rules");
  } catch (const std::exception& e) {
    return Status(StatusCode::kInternal, e.what());
  }
}

namespace internal {

StatusOr<std::optional<BlockModel>> load_block_model(const Options& options) {
  const bool builtin = options.model_path.empty();
  // The compiled-in model judges what the default packs keep: without them
  // it would see other documents than it was trained on.
  if (!options.model || (builtin && !options.default_rules)) return std::optional<BlockModel>();
  StatusOr<BlockModel> model =
      builtin ? parse_block_model(default_model_text(), "model") : read_block_model(options.model_path);
  if (!model.ok()) return model.status();
  if (model->features != block_feature_names(model->cues)) {
    return Status(StatusCode::kBadRule, model->name +
                                            ": error: the model was trained on other features than this build "
                                            "computes; retrain it (scripts/train-model.sh)");
  }
  return std::optional<BlockModel>(std::move(model.value()));
}

Result clean_document(const RuleSet& rules, const Options& options, const Tuning& tuning, std::string_view input,
                      Format from, Scratch* scratch, const BlockModel* model) {
  Result result;
  if (input.size() > options.max_input_bytes) {
    result.text = std::string(input);
    result.warnings.push_back({"too-large", 0,
                               "input of " + std::to_string(input.size()) + " bytes exceeds max_input_bytes (" +
                                   std::to_string(options.max_input_bytes) + "); passed through unchanged"});
    return result;
  }
  Format format = from == Format::kAuto ? detect_format(input) : from;
  CanonStats stats;
  Document doc;
  if (format == Format::kHtml) {
    Decoded decoded = decode_html(input);
    if (!decoded.unknown_label.empty()) {
      result.warnings.push_back({"unknown-charset", 0,
                                 "charset \"" + decoded.unknown_label + "\" is unknown; read as UTF-8"});
    }
    if (!decoded.identity && decoded.invalid > 0) {
      result.warnings.push_back({"invalid-bytes", decoded.first_invalid,
                                 std::to_string(decoded.invalid) + " byte sequence(s) invalid in " + decoded.charset +
                                     " replaced by U+FFFD, the first at byte " +
                                     std::to_string(decoded.first_invalid)});
    }
    std::string_view page = decoded.identity ? input : std::string_view(decoded.text);
    bool out_of_memory = false;
    doc = read_html(page, options.nfkc, &stats, tuning.fold_html_space, tuning.html_memory_limit, &out_of_memory);
    if (out_of_memory) {
      result.text = std::string(input);
      result.warnings.push_back({"too-large", 0,
                                 "the HTML parser needed more than " + std::to_string(tuning.html_memory_limit) +
                                     " bytes for this page, or no more memory was left; passed through unchanged"});
      return result;
    }
    if (tuning.detect_main_content) read_article_body(page, options.nfkc, &doc);
    if (!decoded.identity) remap_document(decoded.map, input.size(), &doc);
  } else if (format == Format::kMarkdown) {
    doc = read_markdown(input, options.nfkc, &stats);
  } else {
    doc = read_text(input, options.nfkc, &stats);
  }
  // The Markdown tree is the renderer's to edit: it leaves the Document,
  // which no stage changes after its reader.
  std::shared_ptr<void> tree = std::move(doc.tree);
  // cmark's CommonMark writer takes time quadratic in nesting depth: past
  // this depth the surviving blocks are written as plain paragraphs.
  constexpr int kMaxMarkdownDepth = 200;
  const bool flat = doc.depth > kMaxMarkdownDepth && options.to == Output::kMarkdown;
  if (flat) {
    result.warnings.push_back({"too-deep", 0,
                               "Markdown nested " + std::to_string(doc.depth) + " levels deep (more than " +
                                   std::to_string(kMaxMarkdownDepth) + "); written as plain paragraphs"});
  }
  if (stats.invalid_utf8 > 0) {
    result.warnings.push_back({"invalid-utf8", stats.first_invalid,
                               std::to_string(stats.invalid_utf8) +
                                   " invalid UTF-8 sequence(s) replaced by U+FFFD, the first at byte " +
                                   std::to_string(stats.first_invalid)});
  }
  if (stats.nul_bytes > 0) {
    result.warnings.push_back({"nul-bytes", stats.first_nul,
                               std::to_string(stats.nul_bytes) + " NUL byte(s) removed, the first at byte " +
                                   std::to_string(stats.first_nul)});
  }
  const bool main_content = format == Format::kHtml && tuning.detect_main_content;
  const Decisions decisions =
      decide(doc, input, rules, model, tuning, main_content, options.max_passes, options.lang, &result.warnings,
             scratch);
  result.lang = decisions.lang;
  result.text = options.to == Output::kMarkdown ? render_markdown(doc, decisions, std::move(tree), options.nfkc, flat)
                                                : render_text(decisions);
  result.removals = audit_removals(input, decisions.cuts);
  return result;
}

}  // namespace internal

Scratch Engine::make_scratch() const {
  try {
    return Scratch(std::make_unique<Scratch::Impl>());
  } catch (const std::bad_alloc&) {
    return Scratch(nullptr);  // made by the clean() it is given, inside the firewall
  }
}

Result Engine::clean(std::string_view input, Format from) const {
  // The one thread_local of the library: a Scratch for each thread that
  // calls without its own, made on its first call. A fresh one per call
  // made 3,000 news records take 3.5 times as long (0.27 s against 0.075 s;
  // Hyperscan's space is grown again for every database a document meets).
  thread_local Scratch own = make_scratch();
  return clean(input, from, own);
}

Result Engine::clean(std::string_view input, Format from, Scratch& scratch) const {
  try {
    if (!scratch.impl_) scratch.impl_ = std::make_unique<Scratch::Impl>();  // moved from, or made without memory
    return internal::clean_document(impl_->rules, impl_->options, impl_->tuning, input, from,
                                    &scratch.impl_->scratch, impl_->model ? &*impl_->model : nullptr);
  } catch (const std::bad_alloc&) {
    Result r;
    r.warnings.push_back({"out-of-memory", 0, "out of memory; the document could not be cleaned"});
    return r;
  } catch (const std::exception& e) {
    Result r;
    r.warnings.push_back({"internal", 0, e.what()});
    return r;
  }
}

std::vector<RuleInfo> Engine::rules() const {
  std::vector<RuleInfo> out;
  for (const RulePtr& r : impl_->rules.rules()) {
    std::string where = r->where.substr(0, r->where.rfind(':'));
    out.push_back({r->id, r->category, r->lang, std::string(internal::action_name(r->action)),
                   std::string(r->type()), where});
  }
  return out;
}

namespace {

// The formats a rule example is read in: HTML when its rule has a selector;
// Markdown alone when it reads Markdown facts (kinds, links); text and
// Markdown when the example shows Markdown markup; else text alone. A remove
// example must be cut in one of them, a keep example must survive all of them.
std::vector<Format> example_formats(const internal::Rule& rule, std::string_view text) {
  if (rule.needs_html() || rule.type() == "main-content") return {Format::kHtml};
  if (rule.type() == "structure") return {Format::kMarkdown};
  if (rule.needs_markdown()) return {Format::kMarkdown};
  bool markup = !text.empty() && (text[0] == '*' || text[0] == '_' || text[0] == '#');
  for (std::string_view mark : {"](", "**", "\n#", "![", "<http"}) markup = markup || text.find(mark) != text.npos;
  if (markup) return {Format::kText, Format::kMarkdown};
  return {Format::kText};
}

}  // namespace

std::vector<ExampleFailure> Engine::test_rules() const {
  std::vector<ExampleFailure> failures;
  auto excerpt = [](const std::string& s) {
    std::string e = s.size() > 80 ? s.substr(0, 77) + "..." : s;
    std::replace(e.begin(), e.end(), '\n', ' ');
    return "\"" + e + "\"";
  };
  try {
    internal::Scratch scratch;
    const auto& all = impl_->rules.rules();
    // HTML examples are fragments that test rules: the main-content choice,
    // which would judge a fragment as if it were a page, stays out of it.
    internal::Tuning fragments = impl_->tuning;
    fragments.detect_main_content = false;
    // An example is a document in its rule's language: that language is
    // forced (an example is too short to be detected), so a German rule's
    // examples run where it runs, with the German and English packs and the
    // language-neutral rules. Language-neutral rules' examples run with
    // every pack, as do the keep examples once more: a document whose
    // language is not detected gets every pack, and they must survive it.
    // The main-content rules judge whole pages: theirs are pages.
    Options in_lang = impl_->options, all_packs = impl_->options;
    all_packs.lang = "all";
    auto clean_with = [&](const RuleSet& set, const std::string& text, Format format = Format::kText,
                          bool page = false, const Options* options = nullptr) {
      return internal::clean_document(set, options ? *options : in_lang,
                                      format == Format::kHtml && !page ? fragments : impl_->tuning, text, format,
                                      &scratch);
    };
    auto report_cuts = [&](const RulePtr& rule, const internal::Example& ex, const Result& r) {
      for (const Removal& x : r.removals) {
        failures.push_back({rule->id, ex.where,
                            "keep example cut by " + x.rule + " (" + excerpt(x.text) + "): " + excerpt(ex.text)});
      }
    };
    for (const RulePtr& rule : all) {
      in_lang.lang = RuleSet::is_neutral(rule->lang) ? "all" : rule->lang;
      if (rule->action == internal::Action::kKeep) {
        // An exception proves itself: its keep examples survive the pack only
        // because of it, and its remove examples are still cut (not too broad).
        std::vector<RulePtr> others;
        for (const RulePtr& r : all) {
          if (r != rule) others.push_back(r);
        }
        RuleSet without(others);
        for (const internal::Example& ex : rule->keep_examples) {
          Format format = example_formats(*rule, ex.text).front();
          report_cuts(rule, ex, clean_with(impl_->rules, ex.text, format));
          if (clean_with(without, ex.text, format).removals.empty()) {
            failures.push_back({rule->id, ex.where,
                                "keep example is not cut by any other rule, so it shows nothing: " + excerpt(ex.text)});
          }
        }
        for (const internal::Example& ex : rule->remove_examples) {
          if (clean_with(impl_->rules, ex.text, example_formats(*rule, ex.text).front()).removals.empty()) {
            failures.push_back({rule->id, ex.where, "remove example not removed by the pack: " + excerpt(ex.text)});
          }
        }
        continue;
      }
      // A whole-document rule is one part of a decision the others share (a
      // section empties when other rules took its text): its examples run
      // with the whole pack, and must be cut by it.
      const bool part = !rule->per_block();
      RuleSet alone({rule});
      for (const internal::Example& ex : rule->remove_examples) {
        bool cut = false;
        for (Format format : example_formats(*rule, ex.text)) {
          Result r = clean_with(part ? impl_->rules : alone, ex.text, format, part);
          cut = cut || std::any_of(r.removals.begin(), r.removals.end(),
                                   [&](const Removal& x) { return x.rule == rule->id; });
        }
        if (!cut) failures.push_back({rule->id, ex.where, "remove example not removed: " + excerpt(ex.text)});
      }
      for (const internal::Example& ex : rule->keep_examples) {
        bool reported = false;
        for (const Options* options : {&in_lang, &all_packs}) {
          for (Format format : example_formats(*rule, ex.text)) {
            Result r = clean_with(impl_->rules, ex.text, format, part, options);
            report_cuts(rule, ex, r);
            reported = !r.removals.empty();
            if (reported) break;  // one report per example
          }
          if (reported) break;
        }
      }
    }
  } catch (const std::exception& e) {
    failures.push_back({"", "", std::string("internal error: ") + e.what()});
  }
  return failures;
}

std::string Engine::rules_hash() const { return impl_->hash; }

}  // namespace normalize
