"""A small SMTP sink for the soak harness: records every message, or hangs on purpose.

    python bench/soak/mailsink.py PORT RECORD_FILE MODE_FILE

Each message is a JSON line in RECORD_FILE (time, recipients, subject, Message-ID). MODE_FILE
holds "ok" or "hang", read at every new connection: in "hang" the sink accepts the connection
and never answers (a mail server that accepts and stalls). "Down" is this process stopped.
"""

import asyncio
import json
import sys
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path


async def handle(reader, writer, record: Path, mode_file: Path):
    if mode_file.read_text().strip() == "hang":
        while await reader.read(4096):
            pass
        writer.close()
        return
    writer.write(b"220 soak-sink ESMTP\r\n")
    recipients = []
    while line := await reader.readline():
        command = line.decode(errors="replace").strip().upper()
        if command.startswith(("EHLO", "HELO")):
            writer.write(b"250-soak-sink\r\n250 8BITMIME\r\n")
        elif command.startswith("RCPT TO"):
            recipients.append(line.decode(errors="replace").split(":", 1)[1].strip(" <>\r\n"))
            writer.write(b"250 OK\r\n")
        elif command == "DATA":
            writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            await writer.drain()
            data = await reader.readuntil(b"\r\n.\r\n")
            message = message_from_bytes(data[:-5])
            subject = str(make_header(decode_header(message.get("Subject", ""))))
            with open(record, "a") as out:
                record_line = {
                    "t": time.time(),
                    "to": recipients,
                    "subject": subject,
                    "message_id": message.get("Message-ID", ""),
                }
                out.write(json.dumps(record_line))
                out.write("\n")
            recipients = []
            writer.write(b"250 OK queued\r\n")
        elif command == "QUIT":
            writer.write(b"221 Bye\r\n")
            await writer.drain()
            break
        else:  # MAIL FROM, RSET, NOOP
            writer.write(b"250 OK\r\n")
        await writer.drain()
    writer.close()


async def main(port: int, record: Path, mode_file: Path):
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, record, mode_file), "127.0.0.1", port
    )
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
