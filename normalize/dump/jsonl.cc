// JSONL batch driver: reader -> workers -> ordered writer (see jsonl.h). The
// reader cuts the inputs into batches of whole lines, each worker cleans the
// records of a batch (jsonl_record.cc), and the writer emits the batches in
// sequence order to the output and audit streams (compressed_io.cc).
#include "normalize/dump/jsonl.h"

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
#include "normalize/dump/jsonl_batch.h"
#include "normalize/dump/jsonl_record.h"
#include "normalize/dump/jsonl_report.h"

namespace normalize::jsonl {
namespace {

using Clock = std::chrono::steady_clock;

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
    std::vector<std::unique_ptr<RecordCleaner>> workers;
    for (std::size_t i = 0; i < workers_n_; ++i) {
      workers.push_back(std::make_unique<RecordCleaner>(engine_, o_));
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

  void work(RecordCleaner* w) {
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
    std::string line = progress_line(secs, static_cast<double>(raw_read_.load()), records_, size_known_, total_size_);
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }

  void print_stats(const Stats& s) {
    double secs = std::chrono::duration<double>(Clock::now() - start_).count();
    std::string r = stats_summary(s, secs, static_cast<double>(in_bytes_.load()), out_bytes_, workers_n_);
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
