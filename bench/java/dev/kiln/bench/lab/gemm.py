import torch, time
torch.set_num_threads(1)
shapes=[(100,784,200),(100,200,100),(100,100,60),(100,60,30),(100,30,10),(784,100,200),(100,200,784)]
for (m,k,n) in shapes:
    a=torch.randn(m,k); b=torch.randn(k,n)
    for _ in range(200): c=a@b
    t=time.perf_counter(); N=2000
    for _ in range(N): c=a@b
    dt=(time.perf_counter()-t)/N
    print(f"{m}x{k}x{n}: {dt*1e6:.1f} us  {2*m*k*n/dt/1e9:.1f} GFLOPS")
