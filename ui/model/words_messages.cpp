// The catalog's part for errors and notices (words.h): the session's and the core's input errors and fault(spec)'s
// (translated by message_text(), messages.cpp), wasm/main.cpp's, and the share links' (web/share.js's templates,
// which the page says through window.loopscope.words). The user's text travels in the placeholders.
#include "ui/model/words.h"

namespace ls::ui {

std::vector<Word> words_messages() {
  return {
    // ui/model/session.cpp
    {"the run has ended", "실행이 끝났습니다"},
    {"the run has not started", "실행이 아직 시작되지 않았습니다"},
    // core/emu/inputs.cpp
    {"no client {0}", "클라이언트 {0}이(가) 없습니다"},
    {"client {0} has shut down or closed", "클라이언트 {0}은(는) 이미 shutdown했거나 닫혔습니다"},
    {"client {0} has no connection to reset", "클라이언트 {0}에는 리셋할 연결이 없습니다"},
    {"client {0} has no connection", "클라이언트 {0}에는 연결이 없습니다"},
    {"a port is 1 to 65535", "포트는 1부터 65535까지입니다"},
    {"a port is 1 to 65535 (0: every port)", "포트는 1부터 65535까지입니다 (0: 모든 포트)"},
    {"connect failed", "연결 실패"},
    {"latency is 0 to 60000 ms", "지연은 0부터 60000 ms까지입니다"},
    {"the client is not connected", "클라이언트가 연결되어 있지 않습니다"},
    {"the fd limit is 1 to 1048576", "fd 한도는 1부터 1048576까지입니다"},
    {"a send buffer is 1 byte to 64 MiB", "송신 버퍼는 1바이트부터 64 MiB까지입니다"},
    {"unknown input", "알 수 없는 입력"},
    {"outside input needs the emulated backend", "외부 입력에는 에뮬레이트된 백엔드가 필요합니다"},
    // ui/model/input_spec.cpp
    {"fault(spec): spec is an object such as {kind: 'reset', client: 1}",
     "fault(spec): spec은 {kind: 'reset', client: 1} 같은 객체입니다"},
    {"fault: '{0}' must be a number", "fault: '{0}'은(는) 숫자여야 합니다"},
    {"fault: '{0}' must be a whole number from {1} to {2}", "fault: '{0}'은(는) {1}부터 {2}까지의 정수여야 합니다"},
    {"fault: 'on' must be true or false", "fault: 'on'은 true 또는 false여야 합니다"},
    {"fault: 'kind' is one of latency, reset, refuse, fdlimit, sndbuf",
     "fault: 'kind'는 latency, reset, refuse, fdlimit, sndbuf 중 하나입니다"},
    // ui/model/compare.cpp
    {"no gallery example named '{0}'", "갤러리에 '{0}'(이)라는 예제가 없습니다"},
    // wasm/main.cpp
    {"unknown client action {0}", "알 수 없는 클라이언트 동작 {0}"},
    // web/share.js and web/links.js: a share link that cannot be opened, a snippet too large to share
    {"This share link is damaged or cut short: its code does not decompress. Copy the whole link again (it ends "
     "where the snippet does).",
     "이 공유 링크는 손상되었거나 잘렸습니다: 코드의 압축이 풀리지 않습니다. 링크 전체를 다시 복사하세요 (스니펫이 "
     "끝나는 곳에서 끝납니다)."},
    {"This share link is too large: it unpacks to more than {0}.", "이 공유 링크는 너무 큽니다: 풀면 {0}를 넘습니다."},
    {"This share link is damaged: its code has '{0}' at character {1}, which base64url does not use.",
     "이 공유 링크는 손상되었습니다: 코드의 {1}번째 문자가 base64url에 없는 '{0}'입니다."},
    {"This share link is damaged or cut short: its code has a stray last character.",
     "이 공유 링크는 손상되었거나 잘렸습니다: 코드 끝에 남는 문자가 하나 있습니다."},
    {"This share link asks for the phase order '{0}'; it is modern or legacy.",
     "이 공유 링크는 단계 순서 '{0}'을(를) 요구합니다. 순서는 modern 또는 legacy입니다."},
    {"This share link asks for the speed '{0}'; it is a number from 0.1 to 16.",
     "이 공유 링크는 속도 '{0}'을(를) 요구합니다. 속도는 0.1부터 16까지의 숫자입니다."},
    {"This share link asks for the step kind '{0}'; it is {1}.",
     "이 공유 링크는 스텝 종류 '{0}'을(를) 요구합니다. 종류는 {1}입니다."},
    {"This link's '{0}' is not valid URL text.", "이 링크의 '{0}'은(는) 올바른 URL 텍스트가 아닙니다."},
    {"This browser cannot unpack share links (it has no DecompressionStream); a current Firefox, Chrome or Safari "
     "can.",
     "이 브라우저는 공유 링크를 풀 수 없습니다 (DecompressionStream이 없습니다). 최신 Firefox, Chrome, Safari는 "
     "풀 수 있습니다."},
    {"This share link is damaged: its code does not start with a format version ('v1.').",
     "이 공유 링크는 손상되었습니다: 코드가 형식 버전('v1.')으로 시작하지 않습니다."},
    {"This share link uses format v{0}, which this Loopscope does not read (it reads v{1}). It was made by a newer "
     "Loopscope.",
     "이 공유 링크는 형식 v{0}을(를) 씁니다. 이 Loopscope는 그 형식을 읽지 못합니다 (v{1}만 읽습니다). 더 새로운 "
     "Loopscope로 만든 링크입니다."},
    {"This share link uses format v{0}, which this Loopscope does not read (it reads v{1}). ",
     "이 공유 링크는 형식 v{0}을(를) 씁니다. 이 Loopscope는 그 형식을 읽지 못합니다 (v{1}만 읽습니다). "},
    {"This share link is damaged: what it unpacks to is not the JSON of a snippet.",
     "이 공유 링크는 손상되었습니다: 풀어 낸 내용이 스니펫의 JSON이 아닙니다."},
    {"This share link is damaged: what it unpacks to has no snippet in it.",
     "이 공유 링크는 손상되었습니다: 풀어 낸 내용에 스니펫이 없습니다."},
    {"This share link's snippet is {0}; links carry at most {1}.",
     "이 공유 링크의 스니펫은 {0}입니다. 링크에는 최대 {1}까지 담을 수 있습니다."},
    {"This share link is damaged: its recorded inputs ('inputs') are not a list.",
     "이 공유 링크는 손상되었습니다: 기록된 입력('inputs')이 목록이 아닙니다."},
    {"This share link is too long ({0} characters; a link has at most {1}).",
     "이 공유 링크는 너무 깁니다 ({0}자, 링크는 최대 {1}자입니다)."},
    {"This link names both an example and a snippet; it should name one.",
     "이 링크는 예제와 스니펫을 모두 가리킵니다. 하나만 가리켜야 합니다."},
    {"This link names the example '{0}', which is not an example name.",
     "이 링크가 가리키는 예제 '{0}'은(는) 예제 이름이 아닙니다."},
    {"This link's fragment has neither #example=NAME nor #code=...; nothing to open.",
     "이 링크의 프래그먼트에는 #example=NAME도 #code=...도 없어 열 것이 없습니다."},
    {"This share link could not be read ({0}).", "이 공유 링크를 읽을 수 없습니다 ({0})."},
    {"This link names the example '{0}', which the gallery does not have (it has {1}: see Gallery).",
     "이 링크가 가리키는 예제 '{0}'은(는) 갤러리에 없습니다 (갤러리에는 {1}개가 있습니다: 갤러리를 보세요)."},
    {"the snippet is {0}; a link carries at most {1}", "스니펫이 {0}입니다. 링크에는 최대 {1}까지 담을 수 있습니다"},
  };
}

}  // namespace ls::ui
