import { closeSync, readdirSync, readFileSync } from 'node:fs';

/** The close-on-exec bit in the `flags` line of /proc/self/fdinfo/N (octal). */
const O_CLOEXEC = 0o2000000;

/**
 * Closes every descriptor above 2 that this process inherited from whoever started it. Node's
 * spawn passes on any descriptor its parent holds without close-on-exec, so a worker could hold
 * a pipe or socket of some ancestor. Node opens all of its own descriptors with close-on-exec,
 * which tells the inherited ones apart. Linux only (/proc); elsewhere nothing is closed.
 */
export function closeInheritedDescriptors(): void {
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return;
  }
  for (const name of names) {
    const fd = Number(name);
    if (fd <= 2) continue;
    let info: string;
    try {
      info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // closed meanwhile, such as the one that listed the directory
    }
    const flags = /^flags:\s*([0-7]+)$/m.exec(info);
    if (flags !== null && (Number.parseInt(flags[1]!, 8) & O_CLOEXEC) === 0) closeSync(fd);
  }
}
