// The official Ollama JavaScript client, unchanged, against the inference gateway (only a bearer token added).
import { Ollama } from 'ollama';

const ollama = new Ollama({ host: process.env.BASE_URL, headers: { Authorization: `Bearer ${process.env.TOKEN}` } });
const chat = await ollama.chat({ model: 'ticket-classifier', messages: [{ role: 'user', content: 'I cannot log in, the password reset email never arrives.' }] });
let streamed = '';
let last;
for await (const part of await ollama.chat({ model: 'ticket-summarizer', stream: true, messages: [{ role: 'user', content: 'The lamp broke. I want a refund. The box was crushed. Please help.' }] })) {
  streamed += part.message.content;
  last = part;
}
const structured = await ollama.chat({
  model: 'ticket-extractor',
  format: { type: 'object', properties: { order_number: { type: 'string' } }, required: ['order_number'] },
  messages: [{ role: 'user', content: 'Where is order ORD-123456?' }],
});
const generated = await ollama.generate({ model: 'ticket-summarizer', prompt: 'One sentence only.' });
const followUp = await ollama.generate({ model: 'ticket-summarizer', prompt: 'Another one.', context: generated.context });
const embedded = await ollama.embed({ model: 'kb-embedder', input: ['refund', 'parcel'] });
const listed = await ollama.list();
const shown = await ollama.show({ model: 'ticket-classifier' });
let missing = null;
try { await ollama.chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }); } catch (e) { missing = { status: e.status_code, error: e.error }; }
console.log(JSON.stringify({
  label: JSON.parse(chat.message.content).label,
  streamedDone: last.done, streamedLength: streamed.length, evalCount: last.eval_count,
  order: JSON.parse(structured.message.content).order_number,
  generated: generated.response, context: generated.context.length, followUpContext: followUp.context.length, embeddings: embedded.embeddings.length, dimensions: embedded.embeddings[0].length,
  models: listed.models.length, capabilities: shown.capabilities, missing,
}));
