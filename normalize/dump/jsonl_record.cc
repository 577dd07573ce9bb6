// Records of a JSONL batch (jsonl_record.h): simdjson's on-demand parser
// finds the text, id and format fields and validates the rest; the line is
// kept byte for byte except the text field's value token, which is replaced
// by the cleaned text. The only file that knows simdjson.
#include "normalize/dump/jsonl_record.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace normalize::jsonl {
namespace {

namespace od = simdjson::ondemand;

static_assert(kPadding >= simdjson::SIMDJSON_PADDING, "a batch must leave the parser its padding");

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_json_space(s.back())) s.remove_suffix(1);
  return s;
}

Format format_named(std::string_view name, Format fallback) {
  if (name == "text") return Format::kText;
  if (name == "markdown" || name == "md") return Format::kMarkdown;
  if (name == "html") return Format::kHtml;
  if (name == "auto") return Format::kAuto;
  return fallback;
}

// Visits a value the cleaner does not need, so that a line is only cleaned
// when all of it is valid JSON (on-demand parsing otherwise skips it unread).
// Depth is bounded by the parser's maximum depth (1024).
simdjson::error_code validate(od::value v) {
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  switch (t) {
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      for (auto item : a) {
        od::value x;
        if (auto e = item.get(x)) return e;
        if (auto e = validate(x)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      for (auto field : o) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        od::value x;
        if (auto e = field.value().get(x)) return e;
        if (auto e = validate(x)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s);
    }
    case od::json_type::number: {
      od::number n;
      return v.get_number().get(n);
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::SUCCESS;
}

}  // namespace

// One worker's cleaner: its parser, its scratch, its statistics.
class RecordCleaner::Impl {
 public:
  Impl(const Engine& engine, const JsonlOptions& options)
      : engine_(engine), o_(options), scratch_(engine.make_scratch()) {}

  void process(Batch* b) {
    std::size_t pos = 0;
    std::uint64_t line_no = b->first_line;
    const char* d = b->data.get();
    while (pos < b->len) {
      const char* nl = static_cast<const char*>(std::memchr(d + pos, '\n', b->len - pos));
      std::size_t end = nl ? static_cast<std::size_t>(nl - d) : b->len;
      std::string_view line(d + pos, end - pos);
      std::string_view term = nl ? std::string_view("\n") : std::string_view();
      line_record(b, line, b->cap - pos, line_no, term);
      pos = nl ? end + 1 : end;
      ++line_no;
    }
    if (parser_capacity_ > std::size_t{64} << 20) {  // after a huge record
      parser_ = od::parser();
      parser_capacity_ = 0;
    }
  }

  const Stats& stats() const { return stats_; }

 private:
  void line_record(Batch* b, std::string_view line, std::size_t capacity, std::uint64_t line_no,
                   std::string_view term) {
    if (std::all_of(line.begin(), line.end(), is_json_space)) {  // blank lines are not records
      b->out.append(line).append(term);
      ++stats_.blank;
      return;
    }
    ++stats_.records;
    ++b->records;
    parser_capacity_ = std::max(parser_capacity_, line.size());
    std::string error = clean_record(b, line, capacity, line_no, term);
    if (error.empty()) return;
    ++stats_.errors;
    b->out.append(line).append(term);
    std::string no = std::to_string(line_no);
    b->audit += "{\"doc\":";
    append_json_string(&b->audit, line_doc(*b->name, line_no));
    b->audit += ",\"line\":" + no + ",\"error\":";
    append_json_string(&b->audit, error);
    b->audit += "}\n";
    b->messages += "normalize: " + *b->name + ":" + no + ": error: " + error + "\n";
  }

  // The audit's doc for a record without an id: its line number, prefixed
  // with the file's name when several files are read.
  std::string line_doc(const std::string& name, std::uint64_t line_no) const {
    return o_.inputs.size() > 1 ? name + ":" + std::to_string(line_no) : std::to_string(line_no);
  }

  static std::string invalid(simdjson::error_code e) {
    return std::string("not valid JSON: ") + simdjson::error_message(e);
  }

  // Appends the cleaned record to b->out, or returns why the line is kept as it is.
  std::string clean_record(Batch* b, std::string_view line, std::size_t capacity, std::uint64_t line_no,
                           std::string_view term) {
    std::string_view json = line;
    if (line_no == 1 && json.substr(0, 3) == "\xEF\xBB\xBF") json.remove_prefix(3), capacity -= 3;  // a file's BOM
    od::document doc;
    if (auto e = parser_.iterate(json.data(), json.size(), capacity).get(doc)) return invalid(e);
    od::object obj;
    if (auto e = doc.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) return "not a JSON object";
      return invalid(e);
    }
    bool have_text = false, have_id = false, have_format = false;
    std::string_view token, text, id;
    Format format = o_.from;
    for (auto field : obj) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return invalid(e);
      od::value v;
      if (auto e = field.value().get(v)) return invalid(e);
      if (key == o_.text_field && !have_text) {  // the first of duplicate keys wins
        have_text = true;
        od::json_type t;
        if (auto e = v.type().get(t)) return invalid(e);
        if (t != od::json_type::string) return "field \"" + o_.text_field + "\" is not a string";
        token = trim_right(v.raw_json_token());
        if (auto e = v.get_string().get(text)) return invalid(e);
      } else if (key == o_.id_field && !have_id) {
        have_id = true;
        od::json_type t;
        if (auto e = v.type().get(t)) return invalid(e);
        if (t == od::json_type::string) {
          if (auto e = v.get_string().get(id)) return invalid(e);
        } else if (t == od::json_type::number || t == od::json_type::boolean) {
          id = trim_right(v.raw_json_token());
          if (auto e = validate(v)) return invalid(e);
        } else if (auto e = validate(v)) {
          return invalid(e);
        }
      } else if (!o_.format_field.empty() && key == o_.format_field && !have_format) {
        have_format = true;
        std::string_view f;
        od::json_type t;
        if (auto e = v.type().get(t)) return invalid(e);
        if (t == od::json_type::string) {
          if (auto e = v.get_string().get(f)) return invalid(e);
          format = format_named(f, o_.from);
        } else if (auto e = validate(v)) {
          return invalid(e);
        }
      } else if (auto e = validate(v)) {
        return invalid(e);
      }
    }
    const char* trailing = nullptr;
    if (!doc.current_location().get(trailing)) return "not valid JSON: content after the object";
    if (!have_text) return "no \"" + o_.text_field + "\" field";

    Result r = engine_.clean(text, format, scratch_);
    std::string line_str;
    std::string_view doc_id = id;
    if (id.data() == nullptr) {  // no id, or one that is null, an object or an array
      line_str = line_doc(*b->name, line_no);
      doc_id = line_str;
    }
    for (const Warning& w : r.warnings) {
      b->messages += "normalize: " + *b->name + ":" + std::to_string(line_no) + ": warning: " + w.message + "\n";
    }
    for (const Removal& x : r.removals) {
      if (!o_.audit_path.empty()) {
        b->audit += audit_json(x, doc_id, r.lang);
        b->audit += '\n';
      }
      ++stats_.removals;
      stats_.removed_bytes += x.text.size();
      Tally& c = stats_.by_category[x.category];
      ++c.count, c.bytes += x.text.size();
      Tally& t = stats_.by_rule[x.rule];
      ++t.count, t.bytes += x.text.size();
    }
    if (r.text.empty() && o_.drop_empty) {
      ++stats_.dropped;
      return {};
    }
    std::size_t tok_start = static_cast<std::size_t>(token.data() - line.data());
    std::size_t tok_end = tok_start + token.size();
    b->out.append(line.substr(0, tok_start));
    append_json_string(&b->out, r.text);
    std::string_view rest = line.substr(tok_end);
    if (!o_.removed_field.empty()) {
      std::size_t brace = trim_right(rest).size() - 1;  // the object's closing brace
      b->out.append(rest.substr(0, brace)).append(",");
      append_json_string(&b->out, o_.removed_field);
      b->out.append(":[");
      for (std::size_t i = 0; i < r.removals.size(); ++i) {
        if (i) b->out.push_back(',');
        std::string j = audit_json(r.removals[i], "", r.lang);
        b->out.append("{").append(std::string_view(j).substr(10));  // drop {"doc":"",
      }
      b->out.append("]").append(rest.substr(brace));
    } else {
      b->out.append(rest);
    }
    b->out.append(term);
    return {};
  }

  const Engine& engine_;
  const JsonlOptions& o_;
  od::parser parser_;
  std::size_t parser_capacity_ = 0;
  Scratch scratch_;  // this worker's thread's only
  Stats stats_;
};

RecordCleaner::RecordCleaner(const Engine& engine, const JsonlOptions& options)
    : impl_(std::make_unique<Impl>(engine, options)) {}
RecordCleaner::~RecordCleaner() = default;
void RecordCleaner::process(Batch* b) { impl_->process(b); }
const Stats& RecordCleaner::stats() const { return impl_->stats(); }

}  // namespace normalize::jsonl
