// Internal. Use normalize.h.
//
// The allocator read_html.cc gives Gumbo.
#ifndef NORMALIZE_READ_GUMBO_ARENA_H_
#define NORMALIZE_READ_GUMBO_ARENA_H_

#include <gumbo.h>

#include <algorithm>
#include <csetjmp>
#include <cstddef>
#include <cstdlib>
#include <string_view>

namespace normalize::internal {

// Gumbo's memory for one page: it allocates a node, a string or a vector at
// a time and frees each one, which cost a fifth of the run in malloc/free.
// Small blocks come from chunks freed together; large ones (growing text or
// attribute buffers) from malloc, also freed together.
//
// Gumbo calls the allocator from C and uses what it returns unchecked: it
// must neither throw through those frames nor return null. When the page
// would take the arena past its limit, or malloc fails, it longjmps back to
// parse(), which returns null. Only C frames and the allocator's own, none
// with a destructor to run, lie between; Gumbo keeps no state outside the
// parse, and all its memory is the arena's, freed with it.
class Arena {
 public:
  explicit Arena(std::size_t limit) : limit_(limit) {}
  ~Arena() {
    while (blocks_) {
      Header* next = blocks_->next;
      std::free(blocks_);
      blocks_ = next;
    }
  }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Gumbo's parse of `text` with `options` (whose allocator is this arena's);
  // null when the arena ran out.
  GumboOutput* parse(const GumboOptions* options, std::string_view text) {
    if (setjmp(out_of_memory_) != 0) return nullptr;
    return gumbo_parse_with_options(options, text.data(), text.size());
  }

  // Called a million times for 40 pages: the bump from the current chunk
  // is all it does inline, the rest is in get().
  static void* allocate(void* self, std::size_t n) noexcept {
    auto* arena = static_cast<Arena*>(self);
    n = (n + 15) & ~std::size_t{15};
    if (n > arena->left_ || n > kLarge) return arena->get(n);
    void* p = arena->next_;
    arena->next_ += n;
    arena->left_ -= n;
    return p;
  }
  static void deallocate(void*, void*) noexcept {}

 private:
  static constexpr std::size_t kChunk = 256 * 1024, kLarge = 16 * 1024;
  // Every block malloc gave, chained for the destructor; 16 bytes keep what
  // follows aligned as malloc's own blocks are.
  struct alignas(16) Header {
    Header* next;
  };
  [[gnu::noinline]] void* get(std::size_t n) noexcept {
    const std::size_t size = n > kLarge ? n : kChunk;
    if (size > limit_ - std::min(limit_, used_)) std::longjmp(out_of_memory_, 1);
    auto* block = static_cast<Header*>(std::malloc(sizeof(Header) + size));
    if (!block) std::longjmp(out_of_memory_, 1);
    used_ += size;
    block->next = blocks_;
    blocks_ = block;
    char* p = reinterpret_cast<char*>(block + 1);
    if (n > kLarge) return p;
    next_ = p + n;
    left_ = kChunk - n;
    return p;
  }
  std::size_t limit_;
  std::size_t used_ = 0;  // bytes of every block malloc gave
  Header* blocks_ = nullptr;
  char* next_ = nullptr;
  std::size_t left_ = 0;
  std::jmp_buf out_of_memory_;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_READ_GUMBO_ARENA_H_
