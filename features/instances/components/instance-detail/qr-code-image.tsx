"use client";

import { QRCodeSVG } from "qrcode.react";

/** Split out so the QR library loads only on the instance page, on demand. */
export default function QrCodeImage({ value, label }: { value: string; label: string }) {
  return <QRCodeSVG value={value} size={264} level="L" marginSize={2} title={label} className="h-auto w-full max-w-[264px] rounded-lg bg-white p-1" />;
}
