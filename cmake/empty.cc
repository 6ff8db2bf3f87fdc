// empty.cc - a translation unit for library targets whose content comes
// entirely from the stage archives linked into them.
namespace wpcap {
int empty_translation_unit_anchor = 0;
}
