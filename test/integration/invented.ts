// Invented people for a registry over the store's threshold for parsing it in a worker
// (node/registryParse.ts OFF_THREAD_BYTES, 64 KB): each entity is about 110 bytes, so 1,000 are
// well over it. `word` names them: `<word>-person-k`, "<Word> Person k", alias "<Word>son<k>".
export const INVENTED = 1000;

export function invented(n: number, word: string): string {
  const Word = word[0].toUpperCase() + word.slice(1);
  const lines: string[] = [];
  for (let k = 0; k < n; k++) lines.push(`  - id: ${word}-person-${k}`, `    name: ${Word} Person ${k}`, '    type: person', `    aliases: [${Word}son${k}]`);
  return lines.join('\n') + '\n';
}
