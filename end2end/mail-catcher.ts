// A stand-in mail server for the browser tests: it speaks just enough SMTP for the portal's
// mailer (lettre) to deliver, and writes each message to a folder the tests read, so a test
// can follow a link the portal e-mailed, as a person would.
import { createServer, Server } from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function startMailCatcher(port: number, folder: string): Promise<Server> {
  mkdirSync(folder, { recursive: true });
  let count = 0;
  const server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    socket.write("220 mail-catcher ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      while (true) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          count += 1;
          writeFileSync(join(folder, `${Date.now()}-${count}.eml`), buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 OK\r\n");
          continue;
        }
        const line = buffer.indexOf("\r\n");
        if (line < 0) return;
        const command = buffer.slice(0, line).toUpperCase();
        buffer = buffer.slice(line + 2);
        if (command.startsWith("EHLO")) socket.write("250-mail-catcher\r\n250 8BITMIME\r\n");
        else if (command.startsWith("DATA")) {
          inData = true;
          socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
        } else if (command.startsWith("QUIT")) socket.end("221 Bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
    socket.on("error", () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
