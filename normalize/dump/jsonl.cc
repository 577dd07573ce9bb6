// JSONL batch driver: reader -> workers -> ordered writer (see jsonl.h).
// The only file that knows simdjson. Each record's line is kept byte for byte
// except the text field's value token, which is replaced by the cleaned text.
#include "normalize/dump/jsonl.h"

#include <simdjson.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "normalize/dump/compressed_io.h"

namespace normalize::jsonl {

void append_json_string(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
#if defined(__SSE2__)
    // Sixteen bytes at a time while none needs escaping (most of a text).
    while (i + 16 <= s.size()) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
      __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, special)));
      if (mask != 0) {
        i += static_cast<std::size_t>(__builtin_ctz(mask));
        break;
      }
      i += 16;
    }
    if (i >= s.size()) break;
#endif
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(esc, 6);
      }
    }
  }
  out->append(s.data() + start, s.size() - start);
  out->push_back('"');
}

namespace {

namespace od = simdjson::ondemand;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kPadding = simdjson::SIMDJSON_PADDING;

struct Tally {
  std::uint64_t count = 0, bytes = 0;
};

struct Stats {
  std::uint64_t records = 0, errors = 0, dropped = 0, blank = 0, removals = 0, removed_bytes = 0;
  std::map<std::string, Tally> by_category, by_rule;
  void add(const Stats& o) {
    records += o.records, errors += o.errors, dropped += o.dropped, blank += o.blank;
    removals += o.removals, removed_bytes += o.removed_bytes;
    for (const auto& [k, t] : o.by_category) by_category[k].count += t.count, by_category[k].bytes += t.bytes;
    for (const auto& [k, t] : o.by_rule) by_rule[k].count += t.count, by_rule[k].bytes += t.bytes;
  }
};

// Whole lines of one file, and what the worker made of them.
struct Batch {
  std::uint64_t seq = 0;
  const std::string* name = nullptr;  // the file, for messages
  std::uint64_t first_line = 1;       // 1-based number of the first line
  std::unique_ptr<char[]> data;       // len bytes of input, then kPadding readable bytes
  std::size_t cap = 0, len = 0;
  std::string trailer;                // a message to print after this batch (a read error)
  std::string out, audit, messages;
  std::uint64_t records = 0;

  void reserve(std::size_t n) {  // keeps the first len bytes
    if (n + kPadding <= cap) return;
    std::size_t new_cap = std::max(n + kPadding, cap * 2);
    auto d = std::make_unique<char[]>(new_cap);
    if (len) std::memcpy(d.get(), data.get(), len);
    data = std::move(d);
    cap = new_cap;
  }
  void reset(std::size_t batch_bytes) {
    len = 0;
    trailer.clear(), out.clear(), audit.clear(), messages.clear();
    records = 0;
    // A record far larger than a batch grew this one; give the memory back.
    if (cap > 4 * batch_bytes + kPadding) data.reset(), cap = 0;
    if (out.capacity() > 8 * batch_bytes) std::string().swap(out);
    if (audit.capacity() > 8 * batch_bytes) std::string().swap(audit);
    reserve(batch_bytes);
  }
};

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

// One worker: its parser, its scratch, its statistics.
class Worker {
 public:
  Worker(const Engine& engine, const JsonlOptions& options)
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

std::string human_bytes(double b) {
  char buf[32];
  if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
  else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b >= 1e3) std::snprintf(buf, sizeof buf, "%.1f kB", b / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

class Driver {
 public:
  Driver(const Engine& engine, const JsonlOptions& o) : engine_(engine), o_(o) {
    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    workers_n_ = o.threads > 0 ? static_cast<std::size_t>(o.threads) : hw;
    max_batches_ = 2 * workers_n_ + 2;
    batch_bytes_ = o.batch_bytes;
    if (batch_bytes_ == 0) {
      batch_bytes_ = std::clamp((std::size_t{128} << 20) / max_batches_, std::size_t{256} << 10, std::size_t{4} << 20);
    }
  }

  int run() {
    std::string error;
    out_ = io::open_writer(o_.output, &error);
    if (!out_) {
      say(o_.output + ": error: cannot open output: " + error);
      return 2;
    }
    if (!o_.audit_path.empty()) {
      audit_ = io::open_writer(o_.audit_path, &error);
      if (!audit_) {
        say(o_.audit_path + ": error: cannot open audit file: " + error);
        return 2;
      }
    }
    for (const std::string& f : o_.inputs) {
      struct stat st;
      if (f != "-" && ::stat(f.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        total_size_ += static_cast<std::uint64_t>(st.st_size);
      } else {
        size_known_ = false;
      }
    }
    start_ = Clock::now();
    for (std::size_t i = 0; i < max_batches_; ++i) free_.push_back(std::make_unique<Batch>());
    std::vector<std::thread> threads;
    std::vector<std::unique_ptr<Worker>> workers;
    for (std::size_t i = 0; i < workers_n_; ++i) {
      workers.push_back(std::make_unique<Worker>(engine_, o_));
      threads.emplace_back([this, w = workers.back().get()] { work(w); });
    }
    std::thread writer([this] { write(); });
    read_all();
    {
      std::lock_guard<std::mutex> lock(mu_);
      reading_done_ = true;
    }
    cv_work_.notify_all();
    cv_done_.notify_all();
    for (auto& t : threads) t.join();
    writer.join();
    if (o_.progress) std::fputs("\r\x1b[K", stderr);

    bool ok = out_->close();
    if (!ok) {
      if (out_->err_no() == EPIPE) std::_Exit(0);
      say(o_.output + ": error: writing output: " + out_->error()), status_ = 1;
    }
    if (audit_ && !audit_->close()) {
      if (o_.audit_path == "-" && audit_->err_no() == EPIPE) std::_Exit(0);
      say(o_.audit_path + ": error: writing audit: " + audit_->error()), status_ = 1;
    }
    Stats total;
    for (const auto& w : workers) total.add(w->stats());
    if (total.errors || read_failed_) status_ = 1;
    if (o_.stats) print_stats(total);
    return status_;
  }

 private:
  static void say(const std::string& m) { std::fprintf(stderr, "normalize: %s\n", m.c_str()); }

  std::unique_ptr<Batch> take_free() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_free_.wait(lock, [&] { return !free_.empty(); });
    auto b = std::move(free_.back());
    free_.pop_back();
    return b;
  }

  void submit(std::unique_ptr<Batch> b) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      b->seq = next_seq_++;
      work_.push_back(std::move(b));
    }
    cv_work_.notify_one();
  }

  void read_all() {
    for (const std::string& path : o_.inputs) {
      const std::string* name = &names_.emplace_back(path == "-" ? "<stdin>" : path);
      std::string error;
      std::unique_ptr<io::Reader> in = io::open_reader(path, &error);
      if (!in) {  // reported in order, after what came before
        auto b = take_free();
        b->reset(0);
        b->name = name;
        b->trailer = "normalize: " + *name + ": error: cannot read: " + error + "\n";
        read_failed_ = true;
        submit(std::move(b));
        continue;
      }
      std::string carry;
      bool eof = false;
      std::uint64_t line = 1;
      std::uint64_t raw_before = raw_read_.load();
      while (!eof) {
        auto b = take_free();
        b->reset(batch_bytes_);
        b->name = name;
        b->first_line = line;
        b->reserve(std::max(batch_bytes_, carry.size() * 2));  // b->len is 0: nothing to keep
        std::memcpy(b->data.get(), carry.data(), carry.size());
        b->len = carry.size();
        carry.clear();
        std::size_t target = std::max(batch_bytes_, b->len + 1);
        for (;;) {
          while (!eof && b->len < target) {
            long r = in->read(b->data.get() + b->len, b->cap - kPadding - b->len);
            if (r < 0) {
              b->trailer = "normalize: " + *name + ": error: " + in->error() + "\n";
              read_failed_ = true;
              eof = true;
            } else if (r == 0) {
              eof = true;
            } else {
              b->len += static_cast<std::size_t>(r);
              in_bytes_ += static_cast<std::uint64_t>(r);
            }
            raw_read_ = raw_before + in->raw_bytes();
          }
          const char* base = b->data.get();
          const void* nl = b->len ? ::memrchr(base, '\n', b->len) : nullptr;
          if (nl && !eof) {
            std::size_t keep = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
            carry.assign(base + keep, b->len - keep);
            b->len = keep;
            break;
          }
          if (eof) break;
          target = b->len * 2;  // one line longer than the batch: grow this batch only
          b->reserve(target);
        }
        std::memset(b->data.get() + b->len, 0, kPadding);
        // memchr per line: records are kilobytes long, and it runs at several
        // times the speed of std::count's byte compare here.
        std::uint64_t lines = 0;
        for (const char *p = b->data.get(), *end = p + b->len;
             (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))); ++p) {
          ++lines;
        }
        if (b->len && b->data[b->len - 1] != '\n') ++lines;
        line += lines;
        if (b->len == 0 && b->trailer.empty()) {
          std::lock_guard<std::mutex> lock(mu_);
          free_.push_back(std::move(b));
          continue;
        }
        submit(std::move(b));
      }
    }
  }

  void work(Worker* w) {
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_work_.wait(lock, [&] { return !work_.empty() || reading_done_; });
        if (work_.empty()) return;
        b = std::move(work_.front());
        work_.pop_front();
      }
      w->process(b.get());
      {
        std::lock_guard<std::mutex> lock(mu_);
        done_[b->seq] = std::move(b);
      }
      cv_done_.notify_one();
    }
  }

  void write() {
    std::uint64_t next = 0;
    auto last_progress = Clock::now();
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_done_.wait_for(lock, std::chrono::milliseconds(250), [&] {
          return done_.count(next) || (reading_done_ && next == next_seq_);
        });
        if (reading_done_ && next == next_seq_ && !done_.count(next)) return;
        auto it = done_.find(next);
        if (it != done_.end()) {
          b = std::move(it->second);
          done_.erase(it);
        }
      }
      if (b) {
        if (!out_->write(b->out)) {
          if (out_->err_no() == EPIPE) std::_Exit(0);
          say(o_.output + ": error: writing output: " + out_->error());
          std::_Exit(1);
        }
        out_bytes_ += b->out.size();
        if (audit_ && !audit_->write(b->audit)) {
          if (o_.audit_path == "-" && audit_->err_no() == EPIPE) std::_Exit(0);  // a closed pipe, as for the output
          say(o_.audit_path + ": error: writing audit: " + audit_->error());
          std::_Exit(1);
        }
        if (!b->messages.empty() || !b->trailer.empty()) {
          if (o_.progress) std::fputs("\r\x1b[K", stderr);
          std::fwrite(b->messages.data(), 1, b->messages.size(), stderr);
          std::fwrite(b->trailer.data(), 1, b->trailer.size(), stderr);
        }
        records_ += b->records;
        ++next;
        {
          std::lock_guard<std::mutex> lock(mu_);
          free_.push_back(std::move(b));
        }
        cv_free_.notify_one();
      }
      if (o_.progress && Clock::now() - last_progress >= std::chrono::milliseconds(250)) {
        last_progress = Clock::now();
        show_progress();
      }
    }
  }

  void show_progress() {
    double secs = std::chrono::duration<double>(Clock::now() - start_).count();
    double raw = static_cast<double>(raw_read_.load());
    double rate = secs > 0 ? raw / secs : 0;
    std::string line = "\r" + human_bytes(raw) + " read, " + std::to_string(records_) + " records, " +
                       human_bytes(rate) + "/s";
    if (size_known_ && total_size_ > 0 && rate > 0) {
      double left = (static_cast<double>(total_size_) - raw) / rate;
      char eta[48];
      std::snprintf(eta, sizeof eta, ", %.0f%%, ETA %d:%02d", 100.0 * raw / static_cast<double>(total_size_),
                    static_cast<int>(left) / 60, static_cast<int>(left) % 60);
      line += eta;
    }
    line += "\x1b[K";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }

  void print_stats(const Stats& s) {
    double secs = std::chrono::duration<double>(Clock::now() - start_).count();
    double in = static_cast<double>(in_bytes_.load());
    std::string r;
    char buf[256];
    std::snprintf(buf, sizeof buf, "records: %llu (errors %llu, dropped empty %llu, blank lines %llu)\n",
                  static_cast<unsigned long long>(s.records), static_cast<unsigned long long>(s.errors),
                  static_cast<unsigned long long>(s.dropped), static_cast<unsigned long long>(s.blank));
    r += buf;
    std::snprintf(buf, sizeof buf, "bytes: %s in, %s out; %.2f s wall, %.1f MB/s, %zu worker thread(s)\n",
                  human_bytes(in).c_str(), human_bytes(static_cast<double>(out_bytes_)).c_str(), secs,
                  secs > 0 ? in / secs / 1e6 : 0.0, workers_n_);
    r += buf;
    std::snprintf(buf, sizeof buf, "removals: %llu, %s removed\n", static_cast<unsigned long long>(s.removals),
                  human_bytes(static_cast<double>(s.removed_bytes)).c_str());
    r += buf;
    auto table = [&](const char* title, const std::map<std::string, Tally>& m, std::size_t limit) {
      std::vector<std::pair<std::string, Tally>> rows(m.begin(), m.end());
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
      if (rows.size() > limit) rows.resize(limit);
      r += std::string(title) + ":\n";
      for (const auto& [k, t] : rows) {
        std::snprintf(buf, sizeof buf, "  %10llu  %10s  %s\n", static_cast<unsigned long long>(t.count),
                      human_bytes(static_cast<double>(t.bytes)).c_str(), k.c_str());
        r += buf;
      }
    };
    table("by category (count, bytes)", s.by_category, s.by_category.size());
    table("top rules (count, bytes)", s.by_rule, 10);
    std::fputs(r.c_str(), stderr);
  }

  const Engine& engine_;
  const JsonlOptions& o_;
  std::size_t workers_n_, max_batches_, batch_bytes_;
  std::unique_ptr<io::Writer> out_, audit_;
  std::deque<std::string> names_;

  std::mutex mu_;
  std::condition_variable cv_work_, cv_done_, cv_free_;
  std::vector<std::unique_ptr<Batch>> free_;
  std::deque<std::unique_ptr<Batch>> work_;
  std::map<std::uint64_t, std::unique_ptr<Batch>> done_;
  std::uint64_t next_seq_ = 0;
  bool reading_done_ = false;

  bool read_failed_ = false;
  int status_ = 0;
  bool size_known_ = true;
  std::uint64_t total_size_ = 0, records_ = 0, out_bytes_ = 0;
  std::atomic<std::uint64_t> raw_read_{0}, in_bytes_{0};
  Clock::time_point start_;
};

}  // namespace

int run_jsonl(const Engine& engine, const JsonlOptions& options) {
  Driver driver(engine, options);
  return driver.run();
}

}  // namespace normalize::jsonl
