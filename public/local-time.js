// Deadlines are written by the server in the offset they were set in; the browser knows the
// reader's own time zone, so it adds the same instant on the reader's clock next to each.
for (const marker of document.querySelectorAll(".local-time[data-utc]")) {
  const at = new Date(marker.dataset.utc);
  if (Number.isNaN(at.getTime())) continue;
  // dateStyle and timeStyle cannot be combined with timeZoneName: name each part.
  const clock = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(at);
  marker.textContent = " " + marker.dataset.label.replace("{time}", clock);
  marker.hidden = false;
}
