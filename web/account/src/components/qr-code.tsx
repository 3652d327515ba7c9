import { create } from 'qrcode';

/**
 * A QR code drawn here as SVG (no image request, nothing sent elsewhere): one path of the dark
 * modules, with the four-module quiet zone scanners need.
 */
export function QrCode(props: { text: string; label: string }) {
  const { modules } = create(props.text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let d = '';
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
  const view = size + 8;
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${view} ${view}`}
      shape-rendering="crispEdges"
      data-otpauth={props.text}
    >
      <rect width={view} height={view} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
