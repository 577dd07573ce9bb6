// gzip (zlib) and zstd (libzstd) streams and plain files behind io::Reader and
// io::Writer. The only file that knows zlib and zstd. Nothing here prints.
#include "normalize/dump/compressed_io.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace normalize::io {
namespace {

constexpr std::size_t kChunk = 1 << 20;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A file descriptor with a few bytes of look-ahead for sniffing.
class Source {
 public:
  Source(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~Source() {
    if (owned_) ::close(fd_);
  }
  // Up to n bytes; 0 at end; -1 with errno on failure.
  long read(char* buf, std::size_t n) {
    if (pos_ < peek_.size()) {
      std::size_t k = std::min(n, peek_.size() - pos_);
      std::memcpy(buf, peek_.data() + pos_, k);
      pos_ += k;
      return static_cast<long>(k);
    }
    for (;;) {
      ssize_t r = ::read(fd_, buf, n);
      if (r < 0 && errno == EINTR) continue;
      if (r > 0) bytes_ += static_cast<std::uint64_t>(r);
      return static_cast<long>(r);
    }
  }
  // The first bytes of the stream, without consuming them.
  bool sniff(std::size_t n, std::string* error) {
    char buf[16];
    while (peek_.size() < n) {
      ssize_t r = ::read(fd_, buf, n - peek_.size());
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        *error = std::strerror(errno);
        return false;
      }
      if (r == 0) break;
      bytes_ += static_cast<std::uint64_t>(r);
      peek_.append(buf, static_cast<std::size_t>(r));
    }
    return true;
  }
  const std::string& peeked() const { return peek_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  int fd_;
  bool owned_;
  std::string peek_;
  std::size_t pos_ = 0;
  std::uint64_t bytes_ = 0;
};

class PlainReader : public Reader {
 public:
  explicit PlainReader(std::unique_ptr<Source> src) : src_(std::move(src)) {}
  long read(char* buf, std::size_t n) override {
    long r = src_->read(buf, n);
    if (r < 0) error_ = std::strerror(errno);
    return r;
  }
  std::uint64_t raw_bytes() const override { return src_->bytes(); }
  Codec codec() const override { return Codec::kNone; }

 private:
  std::unique_ptr<Source> src_;
};

// Concatenated gzip members are one stream, as gzip -dc reads them.
class GzipReader : public Reader {
 public:
  explicit GzipReader(std::unique_ptr<Source> src) : src_(std::move(src)), in_(kChunk) {
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, 15 + 16) != Z_OK) fail("cannot initialise zlib");
  }
  ~GzipReader() override { inflateEnd(&z_); }
  long read(char* buf, std::size_t n) override {
    if (failed_) return -1;
    const std::size_t want = std::min<std::size_t>(n, 1u << 30);
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(want);
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0) {
        if (z_.avail_out < want) break;  // hand out what we have rather than wait for input
        if (eof_) {
          if (in_member_) return fail("unexpected end of gzip data (truncated file)");
          return 0;
        }
        long r = src_->read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (r < 0) return fail(std::strerror(errno));
        if (r == 0) {
          eof_ = true;
          continue;
        }
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(r);
      }
      if (!in_member_) {  // a new member starts
        in_member_ = true;
        if (inflateReset(&z_) != Z_OK) return fail("zlib reset failed");
      }
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return fail(std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : "inflate error"));
      }
    }
    return static_cast<long>(want - z_.avail_out);
  }
  std::uint64_t raw_bytes() const override { return src_->bytes(); }
  Codec codec() const override { return Codec::kGzip; }

 private:
  std::unique_ptr<Source> src_;
  std::vector<Bytef> in_;
  z_stream z_;
  bool eof_ = false, in_member_ = false;
};

class ZstdReader : public Reader {
 public:
  explicit ZstdReader(std::unique_ptr<Source> src) : src_(std::move(src)), in_(ZSTD_DStreamInSize()) {
    ds_ = ZSTD_createDStream();
    if (!ds_) error_ = "cannot initialise zstd";
  }
  ~ZstdReader() override { ZSTD_freeDStream(ds_); }
  long read(char* buf, std::size_t n) override {
    if (!ds_ || failed_) return -1;
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0) {
      if (in_pos_ == in_len_) {
        if (eof_) {
          if (pending_ != 0) return fail("unexpected end of zstd data (truncated file)");
          return 0;
        }
        long r = src_->read(in_.data(), in_.size());
        if (r < 0) return fail(std::strerror(errno));
        if (r == 0) {
          eof_ = true;
          continue;
        }
        in_pos_ = 0;
        in_len_ = static_cast<std::size_t>(r);
      }
      ZSTD_inBuffer in{in_.data(), in_len_, in_pos_};
      std::size_t rc = ZSTD_decompressStream(ds_, &out, &in);
      in_pos_ = in.pos;
      if (ZSTD_isError(rc)) return fail(std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
      pending_ = rc;
      if (out.pos == out.size) break;
    }
    return static_cast<long>(out.pos);
  }
  std::uint64_t raw_bytes() const override { return src_->bytes(); }
  Codec codec() const override { return Codec::kZstd; }

 private:
  std::unique_ptr<Source> src_;
  std::vector<char> in_;
  std::size_t in_pos_ = 0, in_len_ = 0, pending_ = 0;
  ZSTD_DStream* ds_ = nullptr;
  bool eof_ = false;
};

// Writes everything or fails with errno.
bool write_fd(int fd, const char* p, std::size_t n, int* err) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      *err = errno;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

class FdWriter : public Writer {
 public:
  FdWriter(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdWriter() override {
    if (owned_ && fd_ >= 0) ::close(fd_);
  }
  bool write(std::string_view s) override { return put(s.data(), s.size()); }
  bool close() override {
    if (owned_ && fd_ >= 0) {
      int fd = fd_;
      fd_ = -1;
      if (::close(fd) != 0) return fail(errno);
    }
    return true;
  }

 protected:
  bool put(const char* p, std::size_t n) {
    int err = 0;
    if (!write_fd(fd_, p, n, &err)) return fail(err);
    return true;
  }
  bool fail(int err) {
    errno_ = err;
    error_ = std::strerror(err);
    return false;
  }
  int fd_;
  bool owned_;
};

class GzipWriter : public FdWriter {
 public:
  GzipWriter(int fd, bool owned) : FdWriter(fd, owned), out_(kChunk) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = deflateInit2(&z_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~GzipWriter() override { deflateEnd(&z_); }
  bool write(std::string_view s) override { return ok_ && pump(s, Z_NO_FLUSH); }
  bool close() override {
    bool ok = ok_ && pump({}, Z_FINISH);
    return FdWriter::close() && ok;
  }

 private:
  bool pump(std::string_view s, int flush) {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    z_.avail_in = static_cast<uInt>(s.size());
    int rc;
    do {
      z_.next_out = out_.data();
      z_.avail_out = static_cast<uInt>(out_.size());
      rc = deflate(&z_, flush);
      if (rc == Z_STREAM_ERROR) {
        error_ = "zlib deflate failed";
        return ok_ = false;
      }
      if (!put(reinterpret_cast<char*>(out_.data()), out_.size() - z_.avail_out)) return ok_ = false;
    } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return true;
  }
  z_stream z_;
  std::vector<Bytef> out_;
  bool ok_;
};

class ZstdWriter : public FdWriter {
 public:
  ZstdWriter(int fd, bool owned) : FdWriter(fd, owned), out_(ZSTD_CStreamOutSize()) {
    cs_ = ZSTD_createCCtx();
    if (cs_) ZSTD_CCtx_setParameter(cs_, ZSTD_c_compressionLevel, 3);
  }
  ~ZstdWriter() override { ZSTD_freeCCtx(cs_); }
  bool write(std::string_view s) override { return cs_ && pump(s, ZSTD_e_continue); }
  bool close() override {
    bool ok = cs_ && pump({}, ZSTD_e_end);
    return FdWriter::close() && ok;
  }

 private:
  bool pump(std::string_view s, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{s.data(), s.size(), 0};
    for (;;) {
      ZSTD_outBuffer out{out_.data(), out_.size(), 0};
      std::size_t rc = ZSTD_compressStream2(cs_, &out, &in, mode);
      if (ZSTD_isError(rc)) {
        error_ = std::string("zstd: ") + ZSTD_getErrorName(rc);
        return false;
      }
      if (!put(out_.data(), out.pos)) return false;
      bool done = mode == ZSTD_e_end ? rc == 0 : in.pos == in.size;
      if (done) return true;
    }
  }
  ZSTD_CCtx* cs_;
  std::vector<char> out_;
};

}  // namespace

Codec codec_for_name(std::string_view path) {
  if (ends_with(path, ".gz")) return Codec::kGzip;
  if (ends_with(path, ".zst") || ends_with(path, ".zstd")) return Codec::kZstd;
  return Codec::kNone;
}

std::string_view strip_codec_extension(std::string_view path) {
  for (std::string_view ext : {".gz", ".zst", ".zstd"}) {
    if (ends_with(path, ext)) return path.substr(0, path.size() - ext.size());
  }
  return path;
}

std::unique_ptr<Reader> open_reader(const std::string& path, std::string* error) {
  int fd = STDIN_FILENO;
  bool owned = false;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *error = std::strerror(errno);
      return nullptr;
    }
    owned = true;
  }
  auto src = std::make_unique<Source>(fd, owned);
  if (!src->sniff(4, error)) return nullptr;
  const std::string& m = src->peeked();
  if (m.size() >= 2 && m[0] == '\x1f' && m[1] == '\x8b') return std::make_unique<GzipReader>(std::move(src));
  if (m.size() >= 4 && m == std::string_view("\x28\xb5\x2f\xfd", 4)) {
    return std::make_unique<ZstdReader>(std::move(src));
  }
  return std::make_unique<PlainReader>(std::move(src));
}

std::unique_ptr<Writer> open_writer(const std::string& path, std::string* error) {
  int fd = STDOUT_FILENO;
  bool owned = false;
  Codec codec = Codec::kNone;
  if (path != "-") {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      *error = std::strerror(errno);
      return nullptr;
    }
    owned = true;
    codec = codec_for_name(path);
  }
  switch (codec) {
    case Codec::kGzip: return std::make_unique<GzipWriter>(fd, owned);
    case Codec::kZstd: return std::make_unique<ZstdWriter>(fd, owned);
    case Codec::kNone: break;
  }
  return std::make_unique<FdWriter>(fd, owned);
}

}  // namespace normalize::io
