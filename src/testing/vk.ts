// --- VK: a stateful API simulator (msw) and Callback API event builders ---------------------
export { createVkSimulator } from './vk/simulator.js';
export type { VkSimulator, VkSimulatorOptions, VkSimulatedCall, VkFault, VkBoundEventBuilders } from './vk/simulator.js';
export type { VkSentMessage } from './vk/state.js';
export {
  vkEvent, vkConfirmationEvent, vkMessageNewEvent, vkMessageReplyEvent, vkMessageEditEvent, vkMessageAllowEvent,
  vkMessageDenyEvent, vkTypingEvent, vkButtonEvent, vkCallbackRequest, vkCallbackDeliveries,
} from './vk/events.js';
export type { VkTestEvent, VkTestMessage, VkEventContext, VkCallbackRequestOptions } from './vk/events.js';
