/// `media.js`: a result in the browser's own players (video, audio, images, HLS where the
/// browser plays it; no player from elsewhere), and a file object's facts.
enum MediaScript {
    static let text = #"""
import { h, bytes, duration, humanize, fileName } from "./ui.js";

const hlsTypes = ["application/vnd.apple.mpegurl", "application/x-mpegurl"];

function typeOf(url, file) {
  if (file?.mimetype) return file.mimetype.toLowerCase();
  const extension = (fileName(url).split(".").at(-1) ?? "").toLowerCase();
  return { m3u8: "application/vnd.apple.mpegurl", mp4: "video/mp4", webm: "video/webm", mov: "video/quicktime",
    mp3: "audio/mpeg", aac: "audio/aac", ogg: "audio/ogg", opus: "audio/ogg", wav: "audio/wav", flac: "audio/flac",
    jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", avif: "image/avif", gif: "image/gif" }[extension] ?? "";
}

/// The result at `url` (a file object `file` describes it, when known), in a native player.
export function preview(url, file) {
  if (!url) return null;
  if (url.startsWith("s3://")) {
    return h("p", { class: "notice" }, "The result is in your storage at ", h("code", {}, url), ". Open it from there.");
  }
  const type = typeOf(url, file);
  const name = fileName(url);
  const open = h("p", {}, h("a", { href: url, download: hlsTypes.includes(type) ? null : name }, hlsTypes.includes(type) ? "Open the playlist" : `Download ${name}`));
  const probe = document.createElement("video");
  if (hlsTypes.includes(type)) {
    if (!hlsTypes.some((t) => probe.canPlayType(t))) {
      return h("div", { class: "preview" },
        h("p", { class: "notice" }, "This browser does not play HLS by itself (Safari and most phones do). Open the master playlist in such a player."),
        open);
    }
    return h("div", { class: "preview" }, h("video", { controls: true, playsinline: true, preload: "metadata", src: url, "aria-label": `Preview of ${name}` }), open);
  }
  if (type.startsWith("image/")) {
    return h("div", { class: "preview" }, h("img", { src: url, alt: `The result, ${name}`, loading: "lazy", decoding: "async" }), open);
  }
  if (type.startsWith("audio/")) {
    return h("div", { class: "preview" }, h("audio", { controls: true, preload: "metadata", src: url, "aria-label": `Preview of ${name}` }), open);
  }
  if (type.startsWith("video/")) {
    const playable = probe.canPlayType(type) !== "";
    return h("div", { class: "preview" },
      playable ? h("video", { controls: true, playsinline: true, preload: "metadata", src: url, "aria-label": `Preview of ${name}` })
        : h("p", { class: "notice" }, `This browser cannot play ${type} files; download it to watch it.`),
      open);
  }
  return h("div", { class: "preview" }, open);
}

/// What a file object says, as a list of facts.
export function fileFacts(file) {
  if (!file || typeof file !== "object") return null;
  const video = file.codecs?.video, audio = file.codecs?.audio;
  const rows = [
    ["Type", file.kind ? humanize(file.kind) : null],
    ["File name", file.filename],
    ["Size", file.filesize != null ? bytes(file.filesize) : null],
    ["Format", file.format],
    ["Media type", file.mimetype],
    ["Duration", file.duration != null ? duration(Math.round(file.duration * 1000)) : null],
    ["Dimensions", file.width && file.height ? `${file.width} × ${file.height} pixels` : null],
    ["Frame rate", file.framerate ? `${Math.round(file.framerate * 100) / 100} frames a second` : null],
    ["Bitrate", file.bitrate ? `${Math.round(file.bitrate / 1000)} kb/s` : null],
    ["Video", video ? [video.name, video.profile, video.level && `level ${video.level}`].filter(Boolean).join(", ") : null],
    ["Audio", audio ? [audio.name, audio.sample_rate && `${audio.sample_rate} Hz`, audio.channels && `${audio.channels} channel${audio.channels === 1 ? "" : "s"}`,
      audio.bitrate && `${Math.round(audio.bitrate / 1000)} kb/s`].filter(Boolean).join(", ") : null],
  ].filter(([, value]) => value !== null && value !== undefined && value !== "");
  if (rows.length === 0) return null;
  return h("dl", { class: "facts" }, rows.map(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
}
"""#
}
