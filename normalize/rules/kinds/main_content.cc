// main-content: one part of the main-content choice on HTML pages
// (decide/main_content.cc); the rule of part `outside` carries the class/id
// word lists the choice scores elements with.
#include "normalize/rules/kinds/whole_document.h"

namespace normalize::internal {
namespace {

class MainContent final : public RuleKind {
 public:
  std::string_view type() const override { return "main-content"; }
  std::vector<std::string_view> param_keys() const override {
    return {"part", "negative", "positive", "unlikely", "likely", "unlikely_roles"};
  }
  std::shared_ptr<const KindParams> read(const ParamReader& params) const override {
    auto p = std::make_shared<MainContentParams>();
    p->part = params.one_of("part", {"outside", "hidden", "caption", "link-block", "empty-section"});
    const bool outside = p->part == "outside";
    for (auto [key, list] : {std::pair<std::string_view, WordList*>{"negative", &p->negative},
                             {"positive", &p->positive},
                             {"unlikely", &p->unlikely},
                             {"likely", &p->likely},
                             {"unlikely_roles", &p->unlikely_roles}}) {
      if (outside) {
        *list = params.words(key);
      } else if (params.has(key)) {
        params.fail(key, "params." + std::string(key) + " is only for part outside");
      }
    }
    return p;
  }
  bool per_block() const override { return false; }
};

}  // namespace

const RuleKind& main_content_kind() {
  static const MainContent kind;
  return kind;
}

}  // namespace normalize::internal
